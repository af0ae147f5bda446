// The result GitHub Classroom's reporter reads from a grader step. The schema is that of
// github-education-resources/autograding-command-grader (also classroom-resources/...),
// src/main.js, generateResult() at commit 4993a162d5c75620bc89ef868130e88ee8742e47:
//   {version: 1, status, max_score, tests: [{name, status, score, message, test_code,
//    filename, line_no, duration}]}, JSON.stringify'd and base64-encoded into the `result`
//   output.
// What the reporter reads of it (github-education-resources/autograding-grading-reporter at
// commit 1a54efbff2f95704e2f4cb91609e3b1690157cf3): src/main.js decodes the base64 in
// RUNNER_RESULTS and fails the step on status "fail" or "error"; src/notify-classroom.js sends
// Classroom the sum of tests[].score out of the runners' max_score; src/console-results.js
// prints each test's name ("pass" passes), line_no when it is not 0, test_code when it is not
// empty, and the message of an "error" test.
#include "conclab/grading/report/github_classroom_report.hpp"

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>
#include <vector>

#include "conclab/grading/text.hpp"
#include "report_common.hpp"

namespace conclab::grading {

using Json = nlohmann::json;

namespace {

using namespace report_detail;

/// Scores are sums of doubles: less than this is nothing.
constexpr double kTolerance = 1e-9;

/// A message's most bytes: the reporter gets the result through an environment variable, and
/// Linux holds one to 128 KiB.
constexpr std::size_t kMessageBytes = 1000;

/// `text` cut to at most `bytes` bytes, not inside a UTF-8 sequence, "…" marking the cut.
std::string cut(std::string text, std::size_t bytes) {
  if (text.size() <= bytes) {
    return text;
  }
  std::size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) {
    --end;
  }
  text.resize(end);
  return text + "\u2026";
}

std::string classroom_message(const GradedTest& test) {
  const std::string evidence = join(evidence_lines(test), "\n");
  if (test.status == GradedStatus::ungraded) {
    return cut(
        "Not measured on the grading machine; the grade is provisional until it is "
        "graded again on a quiet machine." +
            (evidence.empty() ? "" : "\n" + evidence),
        kMessageBytes);
  }
  if (test.status == GradedStatus::not_run && evidence.empty()) {
    return "This test did not run.";
  }
  return lost_points(test) ? cut(evidence, kMessageBytes) : "";
}

Json classroom_test(std::string name, std::string_view status, double score, std::string message) {
  return {{"name", std::move(name)},
          {"status", status},
          {"score", score},
          {"message", std::move(message)},
          {"test_code", ""},
          {"filename", ""},
          {"line_no", 0},
          {"duration", 0}};
}

/// One entry per test of the kind, their scores adding up to the kind's.
void add_kind_tests(Json& tests, const GradedLab& lab, const GradedKind& kind) {
  const std::string prefix = lab_label(lab) + " · " + kind.kind;
  std::vector<Json> entries;
  double remaining = kind.score;
  for (const GradedTest& test : kind.tests) {
    entries.push_back(classroom_test(prefix + " · " + test.name,
                                     lost_points(test) ? "fail" : "pass", test.score,
                                     classroom_message(test)));
    remaining -= test.score;
  }
  // A kind never scores below 0: what the floor gave back lifts the failed guards' scores.
  for (Json& entry : entries) {
    const double score = entry["score"].get<double>();
    if (remaining > kTolerance && score < 0.0) {
      const double lift = std::min(remaining, -score);
      entry["score"] = score + lift;
      remaining -= lift;
    }
  }
  // A kind that could not be measured keeps its points: its unmeasured tests carry them.
  if (remaining > kTolerance) {
    std::vector<std::size_t> unmeasured;
    for (std::size_t i = 0; i < kind.tests.size(); ++i) {
      if (kind.tests[i].status == GradedStatus::ungraded) {
        unmeasured.push_back(i);
      }
    }
    for (const std::size_t i : unmeasured) {
      entries[i]["score"] = remaining / static_cast<double>(unmeasured.size());
    }
    if (unmeasured.empty()) {
      entries.push_back(classroom_test(prefix, "pass", remaining,
                                       "Not measured on the grading machine; the grade is "
                                       "provisional until it is graded again on a quiet machine."));
    }
  }
  for (Json& entry : entries) {
    tests.push_back(std::move(entry));
  }
}

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `bytes` in base64 (RFC 4648, padded, no line breaks).
std::string base64(std::string_view bytes) {
  std::string encoded;
  encoded.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t count = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      const auto byte = j < count ? static_cast<unsigned char>(bytes[i + j]) : 0U;
      group = (group << 8U) | byte;
    }
    for (std::size_t j = 0; j < 4; ++j) {
      const std::uint32_t index = (group >> (18U - 6U * j)) & 0x3FU;
      encoded += j <= count ? kBase64Alphabet[index] : '=';
    }
  }
  return encoded;
}

}  // namespace

Json to_github_classroom(const Grade& grade) {
  Json tests = Json::array();
  if (!grade.problems.empty()) {
    tests.push_back(
        classroom_test("submission · problems", "error", 0.0, join(grade.problems, "\n")));
  }
  for (const GradedLab& lab : grade.labs) {
    for (const GradedKind& kind : lab.kinds) {
      add_kind_tests(tests, lab, kind);
    }
  }
  const bool failed = std::any_of(tests.begin(), tests.end(),
                                  [](const Json& test) { return test["status"] == "fail"; });
  const std::string_view status = !grade.problems.empty() ? "error" : failed ? "fail" : "pass";
  return {{"version", 1},
          {"status", status},
          {"max_score", grade.max_score},
          {"tests", std::move(tests)}};
}

std::string github_classroom_result(const Grade& grade) {
  return base64(to_github_classroom(grade).dump(-1, ' ', false, Json::error_handler_t::replace));
}

}  // namespace conclab::grading
