#include "conclab/grading/gradebook.hpp"

#include <doctest/doctest.h>

#include <string_view>

#include "text_checks.hpp"

using conclab::grading::Grade;
using conclab::grading::GradedKind;
using conclab::grading::GradedLab;
using conclab::grading::testing::contains;

namespace {

GradedKind make_kind(std::string kind, double score, double max_score, bool ungraded = false) {
  return {std::move(kind), score, max_score, ungraded, {}};
}

/// A lab whose score and maximum are those of its kinds.
GradedLab make_lab(std::string id, std::string title, std::vector<GradedKind> kinds) {
  GradedLab lab;
  lab.id = std::move(id);
  lab.title = std::move(title);
  lab.kinds = std::move(kinds);
  for (const GradedKind& kind : lab.kinds) {
    lab.score += kind.score;
    lab.max_score += kind.max_score;
  }
  return lab;
}

/// A grade whose total is that of its labs.
Grade make_grade(std::string submission, std::vector<GradedLab> labs) {
  Grade grade;
  grade.submission = std::move(submission);
  grade.content_hash = "hash-" + grade.submission.substr(0, 3);
  grade.graded_at = "2024-05-01T12:00:00Z";
  grade.labs = std::move(labs);
  for (const GradedLab& lab : grade.labs) {
    grade.score += lab.score;
    grade.max_score += lab.max_score;
  }
  return grade;
}

GradedLab lab01(double correctness, double race) {
  return make_lab("01", "Threads and locks",
                  {make_kind("correctness", correctness, 5.0), make_kind("race", race, 5.0),
                   make_kind("speedup", 0.0, 0.0, true)});
}

GradedLab lab02(double correctness) {
  return make_lab("02", "Condition variables", {make_kind("correctness", correctness, 10.0)});
}

/// Three submissions, out of order: bob did both labs (18 points), alice, "the" great only
/// lab 01 (7.5), and a name that a spreadsheet would run as a formula got nothing (0).
std::vector<Grade> class_grades() {
  return {make_grade("bob", {lab01(5.0, 3.0), lab02(10.0)}),
          make_grade("alice, \"the\" great", {lab01(2.5, 5.0)}),
          make_grade("=HYPERLINK(\"x\")", {lab01(0.0, 0.0)})};
}

}  // namespace

TEST_CASE("the gradebook CSV has a column per lab and kind and a row per submission") {
  const std::string expected =
      "submission,total,max,lab01,lab01_max,lab02,lab02_max,lab01_correctness,lab01_race,"
      "lab01_speedup,lab02_correctness,content_hash,graded_at,provisional,flagged\r\n"
      "\"'=HYPERLINK(\"\"x\"\")\",0,10,0,10,,,0,0,ungraded,,'=HY,2024-05-01T12:00:00Z,yes,no\r\n"
      "\"alice, \"\"the\"\" great\",7.5,10,7.5,10,,,2.5,5,ungraded,,hash-ali,"
      "2024-05-01T12:00:00Z,yes,no\r\n"
      "bob,18,20,8,10,10,10,5,3,ungraded,10,hash-bob,2024-05-01T12:00:00Z,yes,no\r\n";
  std::vector<Grade> grades = class_grades();
  grades[2].content_hash = "=HY";  // every text cell is guarded, not only the name
  CHECK(conclab::grading::gradebook_csv(grades) == expected);
}

TEST_CASE("the gradebook CSV defuses every formula prefix and quotes line breaks") {
  for (const std::string_view prefix : {"=", "+", "-", "@"}) {
    const std::string csv =
        conclab::grading::gradebook_csv({make_grade(std::string(prefix) + "1+1", {})});
    CHECK(contains(csv, "\r\n'" + std::string(prefix) + "1+1,0,0,"));
  }
  const std::string csv = conclab::grading::gradebook_csv({make_grade("two\nlines", {})});
  CHECK(contains(csv, "\r\n\"two\nlines\",0,0,"));
}

TEST_CASE("an empty gradebook is its header") {
  CHECK(conclab::grading::gradebook_csv({}) ==
        "submission,total,max,content_hash,graded_at,provisional,flagged\r\n");
  CHECK(contains(conclab::grading::class_summary_html({}), "No submissions."));
}

TEST_CASE("the gradebook's class summary has the totals' statistics") {
  const std::string html = conclab::grading::class_summary_html(class_grades());
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(contains(html, "<p>3 submissions</p>"));
  CHECK(contains(html, "Totals (out of 20)"));
  // Totals 0, 7.5 and 18: mean 8.5, median 7.5.
  CHECK(contains(html,
                 "<tr><td class=\"number\">8.5</td><td class=\"number\">7.5</td>"
                 "<td class=\"number\">0</td><td class=\"number\">18</td></tr>"));
}

TEST_CASE("the gradebook's class summary draws each lab's distribution in 10 % buckets") {
  const std::string html = conclab::grading::class_summary_html(class_grades());
  // Lab 01: 0 %, 75 % and 80 %, one in each bucket.
  const std::string one_bar =
      " %</td><td class=\"bar-cell\"><div class=\"bar\" style=\"width: 100%\"></div></td>"
      "<td class=\"number\">1</td>";
  CHECK(contains(html, "<td>0–10" + one_bar));
  CHECK(contains(html, "<td>70–80" + one_bar));
  CHECK(contains(html, "<td>80–90" + one_bar));
  CHECK(contains(html,
                 "<td>40–50 %</td><td class=\"bar-cell\"><div class=\"bar\" style=\"width: "
                 "0%\"></div></td><td class=\"number\">0</td>"));
  // Lab 02: bob's 100 % goes in the top bucket.
  CHECK(contains(html, "<td>90–100" + one_bar));
  CHECK(contains(html, "lab 02 · Condition variables"));
}

TEST_CASE("the gradebook's class summary shows per kind what was earned and who lost points") {
  const std::string html = conclab::grading::class_summary_html(class_grades());
  // Correctness of lab 01: 100 %, 50 % and 0 %; race: 60 %, 100 %, 0 %.
  CHECK(contains(html,
                 "<tr><td>correctness</td><td class=\"number\">50 %</td>"
                 "<td class=\"number\">2 of 3</td><td class=\"number\">0</td></tr>"));
  CHECK(contains(html,
                 "<tr><td>race</td><td class=\"number\">53.33 %</td>"
                 "<td class=\"number\">2 of 3</td><td class=\"number\">0</td></tr>"));
  CHECK(contains(html,
                 "<tr><td>speedup</td><td class=\"number\">–</td>"
                 "<td class=\"number\">0 of 0</td><td class=\"number\">3</td></tr>"));
}

TEST_CASE("the gradebook's class summary links each submission's report, encoded and escaped") {
  const std::string html = conclab::grading::class_summary_html(class_grades());
  CHECK(contains(html,
                 "<a href=\"alice%2C%20%22the%22%20great/grade.html\">"
                 "alice, &quot;the&quot; great</a>"));
  CHECK(contains(html, "<a href=\"bob/grade.html\">bob</a></td><td class=\"number\">18.0</td>"));
  // Sorted by submission.
  CHECK(html.find("HYPERLINK%28") < html.find("alice%2C"));
  CHECK(html.find("alice%2C") < html.find("bob/grade.html"));

  const std::string hostile = conclab::grading::class_summary_html(
      {make_grade("<img src=x onerror=alert(1)>", {lab01(1.0, 1.0)})});
  CHECK_FALSE(contains(hostile, "<img"));
  CHECK_FALSE(contains(hostile, "<script"));
  CHECK(contains(hostile,
                 "href=\"%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/grade.html\">"
                 "&lt;img src=x onerror=alert(1)&gt;</a>"));
}

TEST_CASE("the gradebook marks each provisional grade, in the CSV and the class summary") {
  // carol's lab 02 was measured in full; everyone else's lab 01 speedup was not.
  std::vector<Grade> grades = class_grades();
  grades.push_back(make_grade("carol", {lab02(10.0)}));
  const std::string csv = conclab::grading::gradebook_csv(grades);
  CHECK(contains(csv, "\r\ncarol,10,10,,,10,10,,,,10,hash-car,2024-05-01T12:00:00Z,no,no\r\n"));
  CHECK(contains(csv, "hash-bob,2024-05-01T12:00:00Z,yes,no\r\n"));

  const std::string html = conclab::grading::class_summary_html(grades);
  CHECK(contains(html, "<th>Share</th><th>Provisional</th><th>Flagged</th></tr>"));
  CHECK(contains(html, "<td class=\"number\">100 %</td><td></td><td></td></tr>"));  // carol
  CHECK(contains(html,
                 "<td class=\"number\">90 %</td><td class=\"ungraded\">yes</td><td></td></tr>"));
  CHECK(contains(html, "<p class=\"provisional\"><strong>Provisional:</strong> 3 of them"));
  CHECK_FALSE(
      contains(conclab::grading::class_summary_html({grades.back()}), "<p class=\"provisional\">"));
}

TEST_CASE("the gradebook marks each flagged grade, in the CSV and the class summary") {
  std::vector<Grade> grades = {make_grade("dora", {lab02(10.0)})};
  grades[0].labs[0].flags = {"counters.cpp:3: reads the harness's command line: `x`"};
  CHECK(contains(conclab::grading::gradebook_csv(grades), "2024-05-01T12:00:00Z,no,yes\r\n"));
  CHECK(contains(conclab::grading::class_summary_html(grades),
                 "<td></td><td class=\"fail\">yes</td></tr>"));
}
