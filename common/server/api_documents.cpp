#include "api_documents.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace conclab::server {

namespace {

// ordered_json keeps fields in the order written here (id first), which reads better than
// alphabetical; both are deterministic.
using Json = nlohmann::ordered_json;

Json whitelabel_json(const Whitelabel& whitelabel) {
  return {{"whitelabelid", whitelabel.id}, {"company", whitelabel.company}};
}

/// `text` as a JSON string, quotes included.
std::string json_string(std::string_view text) {
  const bool needs_escapes = std::any_of(text.begin(), text.end(), [](char c) {
    return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
  });
  if (needs_escapes) {
    return Json(text).dump();
  }
  std::string quoted;
  quoted.reserve(text.size() + 2);
  quoted.append(1, '"').append(text).append(1, '"');
  return quoted;
}

/// A connection as JSON text, written by hand: there are almost a thousand, and building
/// them through Json objects takes a noticeable part of a second in a Debug build, for
/// every server a test starts.
std::string connection_text(const Connection& connection) {
  std::string columns;
  for (const ConnectionColumn& column : connection.columns) {
    columns += (columns.empty() ? "" : ",") + json_string(column.name) + R"(:{"type":)" +
               json_string(column.type) + R"(,"primary_key":)" +
               (column.primary_key ? "true" : "false") + R"(,"hash":)" +
               (column.hashed ? "true" : "false") + R"(,"description":)" +
               json_string(column.description) + "}";
  }
  return R"({"id":)" + std::to_string(connection.id) + R"(,"whitelabelid":)" +
         std::to_string(connection.whitelabel_id) + R"(,"set_id":)" +
         std::to_string(connection.set_id) + R"(,"set_name":)" + json_string(connection.set_name) +
         R"(,"columns":{)" + columns + "}}";
}

Json satellite_json(const Satellite& satellite) {
  const Json decay = satellite.decay_date ? Json(*satellite.decay_date) : Json(nullptr);
  return {{"id", satellite.id},
          {"version", "v1.0"},
          {"height_km", satellite.height_km},
          {"latitude", satellite.latitude},
          {"longitude", satellite.longitude},
          {"velocity_kms", satellite.velocity_kms},
          {"spaceTrack",
           {{"OBJECT_NAME", satellite.object_name},
            {"LAUNCH_DATE", satellite.launch_date},
            {"DECAY_DATE", decay},
            {"NORAD_CAT_ID", satellite.norad_id}}}};
}

Json page_json(const Page& page) {
  return {{"id", page.id}, {"title", page.title}, {"body", page.body}};
}

/// The page as HTML. Titles and bodies are plain words, so nothing needs escaping.
std::string page_html_text(const Page& page) {
  return "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>" + page.title +
         "</title>\n</head>\n<body>\n<h1>" + page.title + "</h1>\n<p>" + page.body +
         "</p>\n</body>\n</html>\n";
}

template <typename Map, typename Key>
const std::string* find_text(const Map& texts, const Key& key) {
  const auto it = texts.find(key);
  return it == texts.end() ? nullptr : &it->second;
}

template <typename T>
std::string first_as_json_array(const std::vector<T>& items, std::size_t limit) {
  const auto count = static_cast<std::ptrdiff_t>(std::min(limit, items.size()));
  return Json(std::vector<T>(items.begin(), items.begin() + count)).dump();
}

}  // namespace

ApiDocuments::ApiDocuments(const ApiDatasets& datasets) {
  Json whitelabels = Json::array();
  for (const Whitelabel& whitelabel : datasets.whitelabels()) {
    whitelabels.push_back(whitelabel_json(whitelabel));
    whitelabel_[whitelabel.id] = whitelabel_json(whitelabel).dump();
    connections_of_[whitelabel.id];  // "[]" below for a whitelabel without connections
  }
  whitelabels_ = whitelabels.dump();
  for (const Connection& connection : datasets.connections()) {
    std::string text = connection_text(connection);
    std::string& list = connections_of_[connection.whitelabel_id];
    list += (list.empty() ? "[" : ",") + text;
    connection_[connection.id] = std::move(text);
  }
  for (auto& [id, list] : connections_of_) {
    list += list.empty() ? "[]" : "]";
  }
  for (const Satellite& satellite : datasets.satellites()) {
    satellite_ids_.push_back(satellite.id);
    satellite_[satellite.id] = satellite_json(satellite).dump();
  }
  for (const Page& page : datasets.pages()) {
    page_ids_.push_back(page.id);
    page_[page.id] = page_json(page).dump();
    page_html_[page.id] = page_html_text(page);
  }
}

const std::string* ApiDocuments::whitelabel(int id) const {
  return find_text(whitelabel_, id);
}

const std::string* ApiDocuments::connections_of(int whitelabel_id) const {
  return find_text(connections_of_, whitelabel_id);
}

const std::string* ApiDocuments::connection(int id) const {
  return find_text(connection_, id);
}

std::string ApiDocuments::satellite_ids(std::size_t limit) const {
  return first_as_json_array(satellite_ids_, limit);
}

const std::string* ApiDocuments::satellite(std::string_view id) const {
  return find_text(satellite_, id);
}

std::string ApiDocuments::page_ids(std::size_t limit) const {
  return first_as_json_array(page_ids_, limit);
}

const std::string* ApiDocuments::page(int id) const {
  return find_text(page_, id);
}

const std::string* ApiDocuments::page_html(int id) const {
  return find_text(page_html_, id);
}

}  // namespace conclab::server
