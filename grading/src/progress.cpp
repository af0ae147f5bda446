#include "conclab/grading/progress.hpp"

#include <unistd.h>

#include <array>
#include <chrono>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <system_error>

namespace conclab::grading {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

std::optional<LabProgress> parse_entry(const Json& value) {
  if (!value.is_object()) {
    return std::nullopt;
  }
  LabProgress entry;
  entry.state = value.value("state", "") == "passing" ? LabState::passing : LabState::failing;
  entry.passed = value.value("passed", 0);
  entry.total = value.value("total", 0);
  entry.checked_at = value.value("checked_at", "");
  return entry;
}

Json to_json(const LabProgress& entry) {
  return Json{{"state", to_string(entry.state)},
              {"passed", entry.passed},
              {"total", entry.total},
              {"checked_at", entry.checked_at}};
}

}  // namespace

std::string to_string(LabState state) {
  return state == LabState::passing ? "passing" : "failing";
}

Progress load_progress(const fs::path& file) {
  Progress progress;
  std::ifstream in(file);
  if (!in) {
    return progress;
  }
  const Json root = Json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object()) {
    return progress;  // damaged: start again rather than fail every command
  }
  for (const auto& [lab, value] : root.items()) {
    try {
      if (auto entry = parse_entry(value)) {
        progress[lab] = *entry;
      }
    } catch (const Json::exception&) {
      // a field of the wrong type: that lab counts as not started
    }
  }
  return progress;
}

void save_progress(const fs::path& file, const Progress& progress) {
  Json root = Json::object();
  for (const auto& [lab, entry] : progress) {
    root[lab] = to_json(entry);
  }
  fs::create_directories(file.parent_path());
  fs::path temporary = file;
  temporary += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << root.dump(2) << '\n';
    out.close();
    if (!out) {
      throw std::runtime_error("cannot write " + temporary.string());
    }
  }
  std::error_code error;
  fs::rename(temporary, file, error);
  if (error) {
    fs::remove(temporary, error);
    throw std::runtime_error("cannot replace " + file.string() + ": " + error.message());
  }
}

void record_progress(const fs::path& file, const std::string& lab_dir_name,
                     const LabProgress& entry) {
  Progress progress = load_progress(file);
  progress[lab_dir_name] = entry;
  save_progress(file, progress);
}

std::string iso8601_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  std::array<char, 32> text{};
  const std::size_t length = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return {text.data(), length};
}

}  // namespace conclab::grading
