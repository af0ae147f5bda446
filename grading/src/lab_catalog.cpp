#include "conclab/grading/lab_catalog.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "conclab/grading/errors.hpp"

namespace conclab::grading {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

/// Reads lab.json fields, naming the file and field in every error.
class LabJsonReader {
 public:
  LabJsonReader(std::string file, const Json& root) : file_(std::move(file)), root_(root) {}

  /// An optional true/false field; false when it is missing.
  [[nodiscard]] bool bool_field(const char* name) const {
    if (!root_.contains(name)) {
      return false;
    }
    const Json& value = field(name);
    if (!value.is_boolean()) {
      fail(name, "must be true or false");
    }
    return value.get<bool>();
  }

  [[nodiscard]] std::string string_field(const char* name, bool required) const {
    if (!root_.contains(name) && !required) {
      return {};
    }
    const Json& value = field(name);
    if (!value.is_string()) {
      fail(name, "must be a string");
    }
    return value.get<std::string>();
  }

  [[nodiscard]] std::vector<std::string> strings_field(const char* name, bool required) const {
    if (!root_.contains(name) && !required) {
      return {};
    }
    const Json& value = field(name);
    if (!value.is_array() || !std::all_of(value.begin(), value.end(),
                                          [](const Json& item) { return item.is_string(); })) {
      fail(name, "must be an array of strings");
    }
    return value.get<std::vector<std::string>>();
  }

  [[nodiscard]] std::vector<RubricEntry> rubric() const {
    const Json& value = field("rubric");
    if (!value.is_object()) {
      fail("rubric", "must be an object");
    }
    std::vector<RubricEntry> entries;
    for (const std::string_view kind : kTestKinds) {
      const auto found = value.find(std::string(kind));
      if (found == value.end()) {
        continue;
      }
      if (!found->is_number_integer()) {
        fail("rubric." + std::string(kind), "must be a whole number");
      }
      entries.push_back(RubricEntry{std::string(kind), found->get<int>()});
    }
    for (const auto& [key, weight] : value.items()) {
      if (std::find(kTestKinds.begin(), kTestKinds.end(), key) == kTestKinds.end()) {
        fail("rubric." + key, "is not a kind of test (correctness, race, deadlock, speedup)");
      }
    }
    return entries;
  }

  /// An optional object of whole numbers per kind ("timeouts", "chaos_runs").
  [[nodiscard]] std::map<std::string, int> numbers_per_kind(const std::string& name,
                                                            std::string_view unit) const {
    std::map<std::string, int> result;
    if (!root_.contains(name)) {
      return result;
    }
    const Json& value = field(name);
    if (!value.is_object()) {
      fail(name, "must be an object");
    }
    for (const auto& [kind, number] : value.items()) {
      if (!number.is_number_integer()) {
        fail(name + "." + kind, "must be a whole number of " + std::string(unit));
      }
      result[kind] = number.get<int>();
    }
    return result;
  }

  [[nodiscard]] std::vector<Hint> hints() const {
    std::vector<Hint> result;
    if (!root_.contains("hints")) {
      return result;
    }
    const Json& value = field("hints");
    if (!value.is_array()) {
      fail("hints", "must be an array");
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
      result.push_back(hint(value[i], "hints[" + std::to_string(i) + "]"));
    }
    return result;
  }

 private:
  [[nodiscard]] Hint hint(const Json& value, const std::string& where) const {
    if (!value.is_object() || !value.contains("text") || !value["text"].is_string()) {
      fail(where, "must be an object with a string \"text\"");
    }
    Hint result;
    result.text = value["text"].get<std::string>();
    for (const char* key : {"test", "kind"}) {
      if (!value.contains(key)) {
        continue;
      }
      if (!value[key].is_string()) {
        fail(where + "." + key, "must be a string");
      }
      (std::string_view(key) == "test" ? result.test : result.kind) = value[key].get<std::string>();
    }
    return result;
  }

  [[nodiscard]] const Json& field(const std::string& name) const {
    const auto found = root_.find(name);
    if (found == root_.end()) {
      fail(name, "is missing");
    }
    return *found;
  }

  [[noreturn]] void fail(const std::string& name, const std::string& problem) const {
    throw std::runtime_error(file_ + ": field '" + name + "' " + problem);
  }

  std::string file_;
  const Json& root_;
};

bool is_all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

/// The number `digits` stands for, ignoring leading zeros ("001" and "1" are the same).
std::string_view without_leading_zeros(std::string_view digits) {
  while (digits.size() > 1 && digits.front() == '0') {
    digits.remove_prefix(1);
  }
  return digits;
}

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

/// `name` without a leading "labs/" (or "./labs/") and trailing slashes, so that a
/// tab-completed folder names its lab too.
std::string_view trim_slashes(std::string_view name) {
  for (const std::string_view prefix : {"./", "labs/"}) {
    if (name.starts_with(prefix)) {
      name.remove_prefix(prefix.size());
    }
  }
  while (name.ends_with('/')) {
    name.remove_suffix(1);
  }
  return name;
}

bool names_lab(const Lab& lab, std::string_view name) {
  const std::string wanted = lower(trim_slashes(name));
  if (is_all_digits(wanted)) {
    return without_leading_zeros(wanted) == without_leading_zeros(lab.id);
  }
  return wanted == lab.dir_name || wanted == lab.slug;
}

}  // namespace

std::vector<std::string> Lab::kinds() const {
  std::vector<std::string> result;
  for (const RubricEntry& entry : rubric) {
    result.push_back(entry.kind);
  }
  return result;
}

bool Lab::has_kind(std::string_view kind) const {
  return std::any_of(rubric.begin(), rubric.end(),
                     [&](const RubricEntry& entry) { return entry.kind == kind; });
}

int Lab::weight(std::string_view kind) const {
  const auto found = std::find_if(rubric.begin(), rubric.end(),
                                  [&](const RubricEntry& entry) { return entry.kind == kind; });
  return found == rubric.end() ? 0 : found->weight;
}

bool Lab::is_guard(std::string_view full_name) const {
  return std::any_of(guards.begin(), guards.end(), [&](const std::string& pattern) {
    return test_pattern_matches(pattern, full_name);
  });
}

std::string Lab::repo_path(std::string_view student_file) const {
  return "labs/" + dir_name + "/" + std::string(student_file);
}

bool is_lab_dir_name(std::string_view name) {
  return name.size() > 3 && is_all_digits(name.substr(0, 2)) && name[2] == '-';
}

Lab parse_lab(const fs::path& dir, std::string_view json_text) {
  const std::string file = (dir / "lab.json").string();
  const Json root = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object()) {
    throw std::runtime_error(file + ": not a JSON object (is the syntax right?)");
  }
  const LabJsonReader reader(file, root);
  Lab lab;
  lab.dir = dir;
  lab.dir_name = dir.filename().string();
  lab.id = lab.dir_name.substr(0, 2);
  lab.slug = lab.dir_name.substr(3);
  lab.title = reader.string_field("title", true);
  lab.summary = reader.string_field("summary", false);
  lab.seeds = reader.strings_field("seeds", false);
  lab.student_files = reader.strings_field("student_files", true);
  lab.rubric = reader.rubric();
  lab.timeouts = reader.numbers_per_kind("timeouts", "seconds");
  lab.chaos_runs = reader.numbers_per_kind("chaos_runs", "runs");
  lab.atomic_chaos = reader.bool_field("atomic_chaos");
  lab.speedup_overlaps_waits = reader.bool_field("speedup_overlaps_waits");
  lab.hints = reader.hints();
  lab.guards = reader.strings_field("guards", false);
  return lab;
}

Lab read_lab(const fs::path& dir) {
  std::ifstream in(dir / "lab.json");
  if (!in) {
    throw std::runtime_error((dir / "lab.json").string() + ": cannot be read");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_lab(dir, text.str());
}

LabCatalog::LabCatalog(std::vector<Lab> labs) : labs_(std::move(labs)) {}

LabCatalog LabCatalog::discover(const fs::path& root) {
  std::vector<fs::path> dirs;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(root / "labs", error)) {
    if (entry.is_directory() && is_lab_dir_name(entry.path().filename().string()) &&
        fs::is_regular_file(entry.path() / "lab.json")) {
      dirs.push_back(entry.path());
    }
  }
  std::sort(dirs.begin(), dirs.end());
  std::vector<Lab> labs;
  labs.reserve(dirs.size());
  for (const fs::path& dir : dirs) {
    labs.push_back(read_lab(dir));
  }
  return LabCatalog(std::move(labs));
}

const Lab* LabCatalog::find(std::string_view name) const {
  const auto found = std::find_if(labs_.begin(), labs_.end(),
                                  [&](const Lab& lab) { return names_lab(lab, name); });
  return found == labs_.end() ? nullptr : &*found;
}

const Lab& LabCatalog::resolve(std::string_view name) const {
  if (const Lab* lab = find(name)) {
    return *lab;
  }
  std::string names;
  for (const Lab& lab : labs_) {
    if (!names.empty()) {
      names += ", ";
    }
    names += lab.dir_name;
  }
  throw UserError("no lab named '" + std::string(name) + "'. Labs: " +
                  (names.empty() ? "(none: labs/ has no NN-name folder with a lab.json)" : names));
}

}  // namespace conclab::grading
