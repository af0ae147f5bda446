#include "api_routes.hpp"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <limits>
#include <optional>
#include <vector>

namespace conclab::server {

namespace {

/// What GET / answers: the endpoints, for a person exploring the server with curl.
constexpr std::string_view kIndex =
    R"({"endpoints":["/whitelabels","/whitelabels/{id}","/whitelabels/{id}/connections",)"
    R"("/connections?whitelabel={id}","/connections/{id}","/starlink?limit={n}",)"
    R"("/starlink/{id}","/pages?limit={n}","/pages/{id}","/pages/{id}/html","/health",)"
    R"("/stats"]})";

/// "a/b/c" -> {"a", "b", "c"}; "" -> {""}.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  for (std::size_t start = 0;;) {
    const std::size_t slash = path.find('/', start);
    segments.push_back(path.substr(start, slash - start));
    if (slash == std::string_view::npos) {
      return segments;
    }
    start = slash + 1;
  }
}

/// A decimal number made of 1 to 9 digits, nothing else.
std::optional<int> parse_number(std::string_view text) {
  constexpr std::size_t kMaxDigits = 9;  // fits an int
  if (text.empty() || text.size() > kMaxDigits ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  int value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

/// 24 lowercase hexadecimal digits.
bool is_satellite_id(std::string_view text) {
  constexpr std::size_t kIdLength = 24;
  return text.size() == kIdLength && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Reply json_reply(std::string body) {
  return {200, std::move(body), std::string(kJsonType)};
}

Reply found_or_404(const std::string* document, std::string_view what, std::string_view path) {
  if (document == nullptr) {
    return error_reply(404, "no " + std::string(what) + " with this id", path);
  }
  return json_reply(*document);
}

Reply bad_id(std::string_view what, std::string_view path) {
  return error_reply(400, "malformed " + std::string(what) + " id", path);
}

/// A 400 reply when `query` has a parameter not in `allowed`, or one given twice.
std::optional<Reply> reject_unknown_query(const QueryParams& query,
                                          std::initializer_list<std::string_view> allowed,
                                          std::string_view path) {
  for (const auto& [name, value] : query) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      return error_reply(400, "unknown query parameter '" + name + "'", path);
    }
    if (query.count(name) > 1) {
      return error_reply(400, "query parameter '" + name + "' given more than once", path);
    }
  }
  return std::nullopt;
}

/// The `limit` of a list (everything without one), or a 400 reply.
struct LimitOrError {
  std::size_t limit = std::numeric_limits<std::size_t>::max();
  std::optional<Reply> error;
};

LimitOrError read_limit(const QueryParams& query, std::string_view path) {
  if (auto error = reject_unknown_query(query, {"limit"}, path)) {
    return {0, std::move(error)};
  }
  const auto it = query.find("limit");
  if (it == query.end()) {
    return {};
  }
  const std::optional<int> limit = parse_number(it->second);
  if (!limit) {
    return {0, error_reply(400, "limit must be a non-negative whole number", path)};
  }
  return {static_cast<std::size_t>(*limit), std::nullopt};
}

}  // namespace

ApiRoutes::ApiRoutes(const ApiDatasets& datasets) : documents_(datasets) {}

Reply ApiRoutes::answer(std::string_view path, const QueryParams& query) const {
  if (!path.starts_with('/')) {
    return error_reply(400, "the path must start with '/'", path);
  }
  const std::vector<std::string_view> segments = split_path(path.substr(1));
  const bool has_empty_segment = std::any_of(segments.begin(), segments.end(),
                                             [](std::string_view part) { return part.empty(); });
  if (has_empty_segment && path != "/") {  // "/pages/", "//starlink"
    return error_reply(404, "no such endpoint; GET / lists them", path);
  }
  const std::string_view resource = segments.front();
  if (resource == "whitelabels") {
    return whitelabels(segments, query, path);
  }
  if (resource == "connections") {
    return connections(segments, query, path);
  }
  if (resource == "starlink") {
    return starlink(segments, query, path);
  }
  if (resource == "pages") {
    return pages(segments, query, path);
  }
  if (path == "/") {
    if (auto error = reject_unknown_query(query, {}, path)) {
      return *error;
    }
    return json_reply(std::string(kIndex));
  }
  return error_reply(404, "no such endpoint; GET / lists them", path);
}

Reply ApiRoutes::whitelabels(const std::vector<std::string_view>& segments,
                             const QueryParams& query, std::string_view path) const {
  if (auto error = reject_unknown_query(query, {}, path)) {
    return *error;
  }
  if (segments.size() == 1) {
    return json_reply(documents_.whitelabels());
  }
  const bool asks_connections = segments.size() == 3 && segments[2] == "connections";
  if (segments.size() > 3 || (segments.size() == 3 && !asks_connections)) {
    return error_reply(404, "no such endpoint; GET / lists them", path);
  }
  const std::optional<int> id = parse_number(segments[1]);
  if (!id) {
    return bad_id("whitelabel", path);
  }
  return asks_connections ? found_or_404(documents_.connections_of(*id), "whitelabel", path)
                          : found_or_404(documents_.whitelabel(*id), "whitelabel", path);
}

Reply ApiRoutes::connections(const std::vector<std::string_view>& segments,
                             const QueryParams& query, std::string_view path) const {
  if (segments.size() > 2) {
    return error_reply(404, "no such endpoint; GET / lists them", path);
  }
  if (segments.size() == 2) {
    if (auto error = reject_unknown_query(query, {}, path)) {
      return *error;
    }
    const std::optional<int> id = parse_number(segments[1]);
    return id ? found_or_404(documents_.connection(*id), "connection", path)
              : bad_id("connection", path);
  }
  if (auto error = reject_unknown_query(query, {"whitelabel"}, path)) {
    return *error;
  }
  const auto whitelabel = query.find("whitelabel");
  if (whitelabel == query.end()) {
    return error_reply(400, "give the whitelabel: /connections?whitelabel={id}", path);
  }
  const std::optional<int> id = parse_number(whitelabel->second);
  return id ? found_or_404(documents_.connections_of(*id), "whitelabel", path)
            : bad_id("whitelabel", path);
}

Reply ApiRoutes::starlink(const std::vector<std::string_view>& segments, const QueryParams& query,
                          std::string_view path) const {
  if (segments.size() == 1) {
    LimitOrError limit = read_limit(query, path);
    return limit.error ? *std::move(limit.error)
                       : json_reply(documents_.satellite_ids(limit.limit));
  }
  if (segments.size() > 2) {
    return error_reply(404, "no such endpoint; GET / lists them", path);
  }
  if (auto error = reject_unknown_query(query, {}, path)) {
    return *error;
  }
  return is_satellite_id(segments[1])
             ? found_or_404(documents_.satellite(segments[1]), "satellite", path)
             : bad_id("satellite", path);
}

Reply ApiRoutes::pages(const std::vector<std::string_view>& segments, const QueryParams& query,
                       std::string_view path) const {
  if (segments.size() == 1) {
    LimitOrError limit = read_limit(query, path);
    return limit.error ? *std::move(limit.error) : json_reply(documents_.page_ids(limit.limit));
  }
  const bool asks_html = segments.size() == 3 && segments[2] == "html";
  if (segments.size() > 3 || (segments.size() == 3 && !asks_html)) {
    return error_reply(404, "no such endpoint; GET / lists them", path);
  }
  if (auto error = reject_unknown_query(query, {}, path)) {
    return *error;
  }
  const std::optional<int> id = parse_number(segments[1]);
  if (!id) {
    return bad_id("page", path);
  }
  if (!asks_html) {
    return found_or_404(documents_.page(*id), "page", path);
  }
  const std::string* html = documents_.page_html(*id);
  if (html == nullptr) {
    return error_reply(404, "no page with this id", path);
  }
  return {200, *html, std::string(kHtmlType)};
}

}  // namespace conclab::server
