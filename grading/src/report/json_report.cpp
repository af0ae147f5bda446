#include "conclab/grading/report/json_report.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "report_common.hpp"

namespace conclab::grading {

using Json = nlohmann::json;

namespace {

using namespace report_detail;

// ---------------------------------------------------------------------------------------------
// conclab's JSON.

constexpr std::string_view kGradeFormat = "conclab-grade-1";

std::string status_name(GradedStatus status) {
  for (const auto& [value, name] : kStatusNames) {
    if (value == status) {
      return std::string(name);
    }
  }
  throw std::logic_error("GradedStatus without a name");
}

Json test_json(const GradedTest& test) {
  return {{"name", test.name},
          {"kind", test.kind},
          {"status", status_name(test.status)},
          {"score", test.score},
          {"max_score", test.max_score},
          {"guard", test.guard},
          {"evidence", test.evidence}};
}

Json kind_json(const GradedKind& kind) {
  Json tests = Json::array();
  for (const GradedTest& test : kind.tests) {
    tests.push_back(test_json(test));
  }
  return {{"kind", kind.kind},
          {"score", kind.score},
          {"max_score", kind.max_score},
          {"ungraded", kind.ungraded},
          {"tests", std::move(tests)}};
}

Json lab_json(const GradedLab& lab) {
  Json kinds = Json::array();
  for (const GradedKind& kind : lab.kinds) {
    kinds.push_back(kind_json(kind));
  }
  Json steps = Json::array();
  for (const GradeStep& step : lab.steps) {
    steps.push_back({{"what", step.what}, {"seconds", step.seconds}, {"beside", step.beside}});
  }
  return {{"id", lab.id},
          {"dir_name", lab.dir_name},
          {"title", lab.title},
          {"score", lab.score},
          {"max_score", lab.max_score},
          {"files_found", lab.files_found},
          {"files_missing", lab.files_missing},
          {"compile_error", lab.compile_error},
          {"kinds", std::move(kinds)},
          {"seconds", lab.seconds},
          {"steps", std::move(steps)},
          {"flags", lab.flags},
          {"provisional", lab.provisional()}};
}

[[noreturn]] void malformed(const std::string& where, const std::string& problem) {
  throw std::runtime_error("not a valid conclab grade (" + std::string(kGradeFormat) +
                           "): " + (where.empty() ? "the document" : where) + ": " + problem);
}

/// The fields of one JSON object of a grade; errors name the field by its path
/// ("labs[0].kinds[1].score").
class JsonFields {
 public:
  JsonFields(const Json& object, std::string where) : object_(object), where_(std::move(where)) {
    if (!object_.is_object()) {
      malformed(where_, std::string("expected an object, got ") + object_.type_name());
    }
  }

  /// "WHERE.key".
  [[nodiscard]] std::string path(std::string_view key) const {
    return where_.empty() ? std::string(key) : where_ + "." + std::string(key);
  }

  [[nodiscard]] const Json& at(std::string_view key, Json::value_t type) const {
    const auto found = object_.find(key);
    if (found == object_.end()) {
      malformed(path(key), "missing");
    }
    const bool number_wanted = type == Json::value_t::number_float;
    if (number_wanted ? !found->is_number() : found->type() != type) {
      malformed(path(key),
                "expected " + std::string(Json(type).type_name()) + ", got " + found->type_name());
    }
    return *found;
  }

  [[nodiscard]] bool has(std::string_view key) const { return object_.contains(key); }

  [[nodiscard]] std::string string(std::string_view key) const {
    return at(key, Json::value_t::string).get<std::string>();
  }

  [[nodiscard]] double number(std::string_view key) const {
    return at(key, Json::value_t::number_float).get<double>();
  }

  [[nodiscard]] bool boolean(std::string_view key) const {
    return at(key, Json::value_t::boolean).get<bool>();
  }

  [[nodiscard]] const Json& array(std::string_view key) const {
    return at(key, Json::value_t::array);
  }

  [[nodiscard]] std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> values;
    const Json& items = array(key);
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!items[i].is_string()) {
        malformed(path(key) + "[" + std::to_string(i) + "]",
                  std::string("expected string, got ") + items[i].type_name());
      }
      values.push_back(items[i].get<std::string>());
    }
    return values;
  }

  /// Each element of the array `key`, read by `read(element, its path)`.
  template <typename Read>
  [[nodiscard]] auto each(std::string_view key, Read read) const {
    std::vector<decltype(read(Json(), std::string()))> values;
    const Json& items = array(key);
    for (std::size_t i = 0; i < items.size(); ++i) {
      values.push_back(read(items[i], path(key) + "[" + std::to_string(i) + "]"));
    }
    return values;
  }

 private:
  const Json& object_;
  std::string where_;
};

GradedStatus read_status(const JsonFields& fields) {
  const std::string name = fields.string("status");
  for (const auto& [value, known] : kStatusNames) {
    if (known == name) {
      return value;
    }
  }
  malformed(fields.path("status"),
            "expected passed, failed, not_run or ungraded, got \"" + name + "\"");
}

GradedTest read_test(const Json& object, const std::string& where) {
  const JsonFields fields(object, where);
  GradedTest test;
  test.name = fields.string("name");
  test.kind = fields.string("kind");
  test.status = read_status(fields);
  test.score = fields.number("score");
  test.max_score = fields.number("max_score");
  test.guard = fields.boolean("guard");
  test.evidence = fields.strings("evidence");
  return test;
}

GradedKind read_kind(const Json& object, const std::string& where) {
  const JsonFields fields(object, where);
  GradedKind kind;
  kind.kind = fields.string("kind");
  kind.score = fields.number("score");
  kind.max_score = fields.number("max_score");
  kind.ungraded = fields.boolean("ungraded");
  kind.tests = fields.each("tests", read_test);
  return kind;
}

GradeStep read_step(const Json& object, const std::string& where) {
  const JsonFields fields(object, where);
  // Reports written before steps could overlap have no "beside".
  return {fields.string("what"), fields.number("seconds"),
          fields.has("beside") && fields.boolean("beside")};
}

GradedLab lab_from_json(const Json& object, const std::string& where) {
  const JsonFields fields(object, where);
  GradedLab lab;
  lab.id = fields.string("id");
  lab.dir_name = fields.string("dir_name");
  lab.title = fields.string("title");
  lab.score = fields.number("score");
  lab.max_score = fields.number("max_score");
  lab.files_found = fields.strings("files_found");
  lab.files_missing = fields.strings("files_missing");
  lab.compile_error = fields.strings("compile_error");
  lab.kinds = fields.each("kinds", read_kind);
  lab.seconds = fields.number("seconds");
  if (fields.has("steps")) {  // older grades were written without
    lab.steps = fields.each("steps", read_step);
  }
  if (fields.has("flags")) {
    lab.flags = fields.strings("flags");
  }
  return lab;
}

}  // namespace

Json to_json(const Grade& grade) {
  Json labs = Json::array();
  for (const GradedLab& lab : grade.labs) {
    labs.push_back(lab_json(lab));
  }
  return {{"format", std::string(kGradeFormat)},
          {"submission", grade.submission},
          {"content_hash", grade.content_hash},
          {"graded_at", grade.graded_at},
          {"score", grade.score},
          {"max_score", grade.max_score},
          {"labs", std::move(labs)},
          {"problems", grade.problems},
          {"seconds", grade.seconds},
          {"provisional", grade.provisional()},
          {"flagged", grade.flagged()}};
}

Grade grade_from_json(const Json& document) {
  const JsonFields fields(document, "");
  const std::string format = fields.string("format");
  if (format != kGradeFormat) {
    malformed("format", "expected \"" + std::string(kGradeFormat) + "\", got \"" + format + "\"");
  }
  Grade grade;
  grade.submission = fields.string("submission");
  grade.content_hash = fields.string("content_hash");
  grade.graded_at = fields.string("graded_at");
  grade.score = fields.number("score");
  grade.max_score = fields.number("max_score");
  grade.labs = fields.each("labs", lab_from_json);
  grade.problems = fields.strings("problems");
  grade.seconds = fields.number("seconds");
  return grade;
}

}  // namespace conclab::grading
