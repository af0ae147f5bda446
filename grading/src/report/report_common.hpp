/// @file report_common.hpp
/// @brief What the report formats share inside the grading library (not installed, not for
/// callers): text made safe for a terminal or XML, facts about graded tests, and labels.
#pragma once

#include <array>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "conclab/grading/grade.hpp"

namespace conclab::grading::report_detail {

/// `text` for one line of a terminal: valid UTF-8, no control character but the tab.
[[nodiscard]] std::string terminal_safe(std::string_view text);

/// `text` for a quoted XML attribute: escaped as escape_xml does, and newlines and tabs as
/// character references (a parser would turn them into spaces).
[[nodiscard]] std::string escape_attribute(std::string_view text);

/// A test that cost points: it failed or never ran.
[[nodiscard]] bool lost_points(const GradedTest& test);

/// The evidence as lines, each embedded newline starting a new one.
[[nodiscard]] std::vector<std::string> evidence_lines(const GradedTest& test);

/// The first line of evidence that says something, or "".
[[nodiscard]] std::string first_evidence_line(const GradedTest& test);

/// Why a kind could not be measured: the first evidence line of its tests, or "".
[[nodiscard]] std::string ungraded_reason(const GradedKind& kind);

/// "missing: a.cpp, b.cpp (the stubs were graded)" without the "missing: ".
[[nodiscard]] std::string missing_files_note(const std::vector<std::string>& files);

/// "85.0 / 100".
[[nodiscard]] std::string score_of(double score, double max_score);

/// "lab 01".
[[nodiscard]] std::string lab_label(const GradedLab& lab);

/// "lab01", as JUnit suites and Gradescope tags name a lab.
[[nodiscard]] std::string lab_key(const GradedLab& lab);

/// Why the grade is provisional, for a person: "lab 01 speedup was not measured on this
/// machine; re-grade on a quiet machine" (a kind measured only in part says "(in part)"); ""
/// when the grade is not provisional.
[[nodiscard]] std::string provisional_note(const Grade& grade);

/// The flags of every lab (GradedLab::flags), each as "lab 01 counters.cpp:12: ...": the lines
/// an instructor should read before signing the grade. Empty when nothing was flagged.
[[nodiscard]] std::vector<std::string> flag_lines(const Grade& grade);

/// `number` with `decimals` decimals, never "-0.0".
[[nodiscard]] std::string fixed(double number, int decimals);

/// A JSON report as a file: indented by 2, invalid UTF-8 replaced, a final newline.
[[nodiscard]] std::string dump_json(const nlohmann::json& document);

/// Every graded status with its name in conclab's JSON, in the order reports count them.
inline constexpr std::array<std::pair<GradedStatus, std::string_view>, 4> kStatusNames{{
    {GradedStatus::passed, "passed"},
    {GradedStatus::failed, "failed"},
    {GradedStatus::not_run, "not_run"},
    {GradedStatus::ungraded, "ungraded"},
}};

/// The text report without the tests: per lab its header line, missing files, compile error
/// and one line per kind, then the total; no color (Gradescope's output summary).
[[nodiscard]] std::string text_summary(const Grade& grade);

}  // namespace conclab::grading::report_detail
