#include "conclab/grading/grade_report.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

using conclab::grading::Grade;
using conclab::grading::GradedKind;
using conclab::grading::GradedLab;
using conclab::grading::GradedStatus;
using conclab::grading::GradedTest;
using conclab::grading::ReportFormat;
using nlohmann::json;

namespace {

/// Student output at its worst: markup, quotes, a control byte and a terminal escape.
constexpr std::string_view kHostileEvidence = "data race on <script>&\"' \x01here\x1b[2J";

GradedTest make_test(std::string name, std::string kind, GradedStatus status, double score,
                     double max_score, std::vector<std::string> evidence = {}) {
  return {std::move(name), std::move(kind), status, score, max_score, std::move(evidence)};
}

GradedKind make_kind(std::string kind, std::vector<GradedTest> tests, bool ungraded = false) {
  GradedKind graded{std::move(kind), 0.0, 0.0, ungraded, std::move(tests)};
  for (const GradedTest& test : graded.tests) {
    graded.score += test.score;
    graded.max_score += test.max_score;
  }
  return graded;
}

/// Lab 01 with a passed and a failed correctness test, a failed race test with hostile
/// evidence, speedup not measured, and a missing file: 2.5 of 10 points.
Grade sample_grade() {
  GradedLab lab;
  lab.id = "01";
  lab.dir_name = "01-threads-and-locks";
  lab.title = "Threads and locks";
  lab.files_found = {"counters.cpp"};
  lab.files_missing = {"threads.cpp"};
  lab.seconds = 12.5;
  lab.kinds = {
      make_kind("correctness",
                {make_test("Counter.Increments", "correctness", GradedStatus::passed, 2.5, 2.5),
                 make_test("Counter.Concurrent", "correctness", GradedStatus::failed, 0.0, 2.5,
                           {"expected 4000, got 3987", "chaos seed 42 replays it"})}),
      make_kind("race", {make_test("Race.Counter", "race", GradedStatus::failed, 0.0, 5.0,
                                   {std::string(kHostileEvidence)})}),
      make_kind("speedup",
                {make_test("Speedup.FourThreads", "speedup", GradedStatus::ungraded, 0.0, 0.0,
                           {"only 1 core available"})},
                true),
  };
  lab.score = 2.5;
  lab.max_score = 10.0;

  Grade grade;
  grade.submission = "alice";
  grade.content_hash = "9f86d081884c7d65";
  grade.graded_at = "2024-05-01T12:00:00Z";
  grade.score = 2.5;
  grade.max_score = 10.0;
  grade.seconds = 12.6;
  grade.labs = {lab};
  return grade;
}

/// A submission whose archive had trouble and whose lab 02 does not compile.
Grade broken_grade() {
  GradedLab lab;
  lab.id = "02";
  lab.dir_name = "02-condition-variables";
  lab.title = "Condition variables";
  lab.compile_error = {"queue.cpp:4:3: error: expected ';' before 'return'", "    4 |   return x;"};
  lab.kinds = {make_kind("correctness", {make_test("(build)", "correctness", GradedStatus::not_run,
                                                   0.0, 10.0, {"the code did not compile"})})};
  lab.max_score = 10.0;

  Grade grade;
  grade.submission = "bob";
  grade.max_score = 10.0;
  grade.problems = {"the archive bob.zip would not unpack completely"};
  grade.labs = {lab};
  return grade;
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace

TEST_CASE("to_string names every graded status") {
  using conclab::grading::to_string;
  CHECK(to_string(GradedStatus::passed) == "passed");
  CHECK(to_string(GradedStatus::failed) == "failed");
  CHECK(to_string(GradedStatus::not_run) == "not run");
  CHECK(to_string(GradedStatus::ungraded) == "ungraded");
}

TEST_CASE("grade report formats are parsed by name and have their file names") {
  using conclab::grading::file_name;
  using conclab::grading::parse_report_format;
  CHECK(parse_report_format("text") == ReportFormat::text);
  CHECK(parse_report_format("json") == ReportFormat::json);
  CHECK(parse_report_format("gradescope") == ReportFormat::gradescope);
  CHECK(parse_report_format("junit") == ReportFormat::junit);
  CHECK(parse_report_format("html") == ReportFormat::html);
  CHECK_FALSE(parse_report_format("xml"));
  CHECK_FALSE(parse_report_format(""));
  CHECK(file_name(ReportFormat::text) == "grade.txt");
  CHECK(file_name(ReportFormat::json) == "grade.json");
  CHECK(file_name(ReportFormat::gradescope) == "results.json");
  CHECK(file_name(ReportFormat::junit) == "junit.xml");
  CHECK(file_name(ReportFormat::html) == "grade.html");
}

TEST_CASE("grade reports write points and numbers for people") {
  using conclab::grading::format_number;
  using conclab::grading::format_points;
  CHECK(format_points(85.0) == "85.0");
  CHECK(format_points(1.0 / 3.0) == "0.3");
  CHECK(format_points(-0.01) == "0.0");
  CHECK(format_number(100.0) == "100");
  CHECK(format_number(12.5) == "12.5");
  CHECK(format_number(100.0 / 3.0) == "33.33");
}

TEST_CASE("the JSON of a grade reads back exactly") {
  Grade grade = sample_grade();
  grade.labs[0].kinds[0].tests[0].score = 1.0 / 3.0;  // needs every digit to survive
  grade.seconds = 0.1 + 0.2;
  grade.problems = {"a problem"};
  const json written = conclab::grading::to_json(grade);
  CHECK(written["format"] == "conclab-grade-1");

  const Grade read = conclab::grading::grade_from_json(json::parse(written.dump()));
  CHECK(conclab::grading::to_json(read) == written);
  CHECK(read.submission == "alice");
  CHECK(read.content_hash == grade.content_hash);
  CHECK(read.graded_at == grade.graded_at);
  CHECK(read.seconds == 0.1 + 0.2);
  CHECK(read.problems == grade.problems);
  REQUIRE(read.labs.size() == 1);
  const GradedLab& lab = read.labs[0];
  CHECK(lab.dir_name == "01-threads-and-locks");
  CHECK(lab.files_missing == std::vector<std::string>{"threads.cpp"});
  REQUIRE(lab.kinds.size() == 3);
  CHECK(lab.kinds[0].tests[0].score == 1.0 / 3.0);
  CHECK(lab.kinds[0].tests[1].status == GradedStatus::failed);
  CHECK(lab.kinds[0].tests[1].evidence == grade.labs[0].kinds[0].tests[1].evidence);
  CHECK(lab.kinds[1].tests[0].evidence[0] == kHostileEvidence);
  CHECK(lab.kinds[2].ungraded);
  CHECK(lab.kinds[2].tests[0].status == GradedStatus::ungraded);

  const Grade broken = conclab::grading::grade_from_json(conclab::grading::to_json(broken_grade()));
  CHECK(broken.labs[0].compile_error == broken_grade().labs[0].compile_error);
  CHECK(broken.labs[0].kinds[0].tests[0].status == GradedStatus::not_run);
}

TEST_CASE("malformed grade JSON is refused, naming the field") {
  using conclab::grading::grade_from_json;
  const json good = conclab::grading::to_json(sample_grade());

  CHECK_THROWS_WITH_AS(grade_from_json(json::array()), doctest::Contains("expected an object"),
                       std::runtime_error);
  json other_format = good;
  other_format["format"] = "conclab-grade-2";
  CHECK_THROWS_WITH_AS(grade_from_json(other_format), doctest::Contains("conclab-grade-2"),
                       std::runtime_error);
  json no_status = good;
  no_status["labs"][0]["kinds"][0]["tests"][1].erase("status");
  CHECK_THROWS_WITH_AS(grade_from_json(no_status),
                       doctest::Contains("labs[0].kinds[0].tests[1].status: missing"),
                       std::runtime_error);
  json odd_status = good;
  odd_status["labs"][0]["kinds"][1]["tests"][0]["status"] = "exploded";
  CHECK_THROWS_WITH_AS(grade_from_json(odd_status), doctest::Contains("\"exploded\""),
                       std::runtime_error);
  json text_score = good;
  text_score["labs"][0]["score"] = "2.5";
  CHECK_THROWS_WITH_AS(grade_from_json(text_score),
                       doctest::Contains("labs[0].score: expected number, got string"),
                       std::runtime_error);
  json number_in_evidence = good;
  number_in_evidence["labs"][0]["kinds"][0]["tests"][1]["evidence"][1] = 7;
  CHECK_THROWS_WITH_AS(grade_from_json(number_in_evidence),
                       doctest::Contains("labs[0].kinds[0].tests[1].evidence[1]"),
                       std::runtime_error);
}

TEST_CASE("Gradescope results have the specification's fields and add up") {
  Grade grade = sample_grade();
  grade.seconds = 12.6;
  const json results = conclab::grading::to_gradescope(grade);

  CHECK(results["score"] == 2.5);
  CHECK(results["execution_time"].is_number_integer());
  CHECK(results["execution_time"] == 13);
  CHECK(results["stdout_visibility"] == "visible");
  CHECK_FALSE(results.contains("leaderboard"));
  CHECK(contains(results["output"].get<std::string>(), "threads.cpp"));
  CHECK(contains(results["output"].get<std::string>(), "total 2.5 / 10"));

  const json& tests = results["tests"];
  REQUIRE(tests.size() == 4);
  double sum = 0.0;
  for (const json& test : tests) {
    sum += test["score"].get<double>();
    CHECK(test["name_format"] == "text");
    CHECK(test["visibility"] == "visible");
    CHECK((test["status"] == "passed" || test["status"] == "failed"));
    CHECK(test["max_score"].is_number());
  }
  CHECK(sum == doctest::Approx(results["score"].get<double>()));

  const json& failed = tests[1];
  CHECK(failed["name"] == "lab 01 · correctness · Counter.Concurrent");
  CHECK(failed["status"] == "failed");
  CHECK(failed["score"] == 0.0);
  CHECK(failed["max_score"] == 2.5);
  CHECK(failed["output"] == "expected 4000, got 3987\nchaos seed 42 replays it");
  CHECK(failed["tags"] == json::array({"correctness", "lab01"}));

  const json& ungraded = tests[3];
  CHECK(ungraded["status"] == "passed");
  CHECK(ungraded["score"] == 0.0);
  CHECK(ungraded["max_score"] == 0.0);
  CHECK(contains(ungraded["output"].get<std::string>(), "only 1 core available"));
}

TEST_CASE("Gradescope output mentions problems and compile errors") {
  const json results = conclab::grading::to_gradescope(broken_grade());
  const std::string output = results["output"].get<std::string>();
  CHECK(contains(output, "would not unpack"));
  CHECK(contains(output, "does not compile"));
  CHECK(contains(output, "expected ';' before 'return'"));
  CHECK(results["tests"][0]["status"] == "failed");
  CHECK(results["tests"][0]["output"] == "the code did not compile");
}

TEST_CASE("the JUnit XML of a grade escapes student output and counts tests") {
  const std::string xml = conclab::grading::to_junit(sample_grade());
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
  CHECK(contains(xml,
                 "<testsuites name=\"alice\" tests=\"4\" failures=\"2\" errors=\"0\" "
                 "skipped=\"1\" time=\"12.600\">"));
  CHECK(contains(xml,
                 "<testsuite name=\"lab01.correctness\" tests=\"2\" failures=\"1\" errors=\"0\" "
                 "skipped=\"0\""));
  CHECK(contains(xml, "<testcase classname=\"lab01.correctness\" name=\"Counter.Increments\""));
  CHECK(contains(xml,
                 "<failure message=\"expected 4000, got 3987\" type=\"failed\">expected 4000, "
                 "got 3987\nchaos seed 42 replays it</failure>"));
  CHECK(contains(xml, "<skipped message=\"ungraded: only 1 core available\"/>"));
  CHECK(contains(xml, "<system-out>missing: threads.cpp (the stub was graded)</system-out>"));

  CHECK(contains(xml, "data race on &lt;script&gt;&amp;&quot;&apos; here[2J"));
  CHECK_FALSE(contains(xml, "<script>"));
  CHECK(xml.find('\x01') == std::string::npos);
  CHECK(xml.find('\x1b') == std::string::npos);
}

TEST_CASE("the JUnit XML of a grade lists problems, compile errors and tests that did not run") {
  const std::string xml = conclab::grading::to_junit(broken_grade());
  CHECK(contains(xml, "tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"1\""));
  CHECK(contains(xml, "<testsuite name=\"submission\""));
  CHECK(contains(xml, "would not unpack completely"));
  CHECK(contains(xml, "<skipped message=\"not run: the code did not compile\"/>"));
  CHECK(contains(xml,
                 "<system-err>does not compile:\nqueue.cpp:4:3: error: expected "
                 "&apos;;&apos; before &apos;return&apos;"));
}

TEST_CASE("grade reports escape XML: invalid UTF-8 replaced, controls dropped, the rest kept") {
  using conclab::grading::escape_xml;
  CHECK(escape_xml("caf\xC3\xA9 \xE2\x9C\x93") == "caf\xC3\xA9 \xE2\x9C\x93");
  CHECK(escape_xml("a\xFF"
                   "b") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(escape_xml("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  CHECK(escape_xml("line\r\n\tnext\x7F\xC2\x85") == "line\n\tnext");
}

TEST_CASE("the HTML page of a grade is self-contained and escapes everything") {
  Grade grade = sample_grade();
  grade.submission = "<b>alice</b>";
  const std::string html = conclab::grading::to_html(grade);
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(contains(html, "Content-Security-Policy"));
  CHECK(contains(html, "<title>conclab grade: &lt;b&gt;alice&lt;/b&gt;</title>"));
  CHECK(contains(html, "<h1>&lt;b&gt;alice&lt;/b&gt;</h1>"));
  CHECK_FALSE(contains(html, "<b>"));
  CHECK_FALSE(contains(html, "<script"));
  CHECK_FALSE(contains(html, "src="));
  CHECK_FALSE(contains(html, "<link"));
  CHECK(contains(html, "data race on &lt;script&gt;&amp;&quot;&apos; here"));
  CHECK(html.find('\x01') == std::string::npos);
  CHECK(contains(html, "<pre>expected 4000, got 3987\nchaos seed 42 replays it</pre>"));
  CHECK(contains(html, "<td>speedup</td><td class=\"ungraded\">not measured</td>"));
  CHECK(contains(html, "1 passed, 1 failed"));
  CHECK_FALSE(contains(html, "Counter.Increments"));  // passed: no points lost
}

TEST_CASE("the text report of a grade shows each lab, kind, lost test and its evidence") {
  const std::string text = conclab::grading::format_text(sample_grade(), false);
  CHECK(text.starts_with("submission alice\nlab 01  Threads and locks   2.5 / 10\n"));
  CHECK(contains(text, "  missing: threads.cpp (the stub was graded)\n"));
  CHECK(contains(text, "  correctness  2.5 / 5\n"));
  CHECK(contains(text,
                 "    FAIL Counter.Concurrent  -2.5\n"
                 "      expected 4000, got 3987\n"
                 "      chaos seed 42 replays it\n"));
  CHECK(contains(text, "  race         0.0 / 5\n    FAIL Race.Counter  -5.0\n"));
  CHECK(contains(text, "  speedup      not measured (only 1 core available)\n"));
  CHECK_FALSE(contains(text, "Counter.Increments"));
  CHECK(text.ends_with("\ntotal 2.5 / 10\n"));
  CHECK(text.find('\x1b') == std::string::npos);  // not even the student's own escape
  CHECK(text.find('\x01') == std::string::npos);
}

TEST_CASE("the text report of a grade puts problems first and shows compile errors") {
  const std::string text = conclab::grading::format_text(broken_grade(), false);
  CHECK(text.starts_with(
      "submission bob\nproblem: the archive bob.zip would not unpack completely\nlab 02"));
  CHECK(contains(text,
                 "  does not compile:\n"
                 "    queue.cpp:4:3: error: expected ';' before 'return'\n"
                 "        4 |   return x;\n"));
  CHECK(contains(text, "    NOT RUN (build)  -10.0\n      the code did not compile\n"));
  CHECK(text.ends_with("total 0.0 / 10\n"));
}

TEST_CASE("the text report of a grade is colored only when asked") {
  const std::string text = conclab::grading::format_text(sample_grade(), true);
  CHECK(contains(text, "\x1b[31mFAIL\x1b[0m Counter.Concurrent"));
  CHECK(contains(text, "\x1b[33mnot measured\x1b[0m"));
  CHECK(contains(text, "\x1b[31m2.5 / 5\x1b[0m"));
  CHECK(contains(text, "here[2J"));  // the student's escape lost its ESC: inert
}

TEST_CASE("render writes a grade in each format") {
  using conclab::grading::render;
  const Grade grade = sample_grade();
  CHECK(json::parse(render(grade, ReportFormat::json, false)) == conclab::grading::to_json(grade));
  CHECK(json::parse(render(grade, ReportFormat::gradescope, false)) ==
        conclab::grading::to_gradescope(grade));
  CHECK(render(grade, ReportFormat::json, false).starts_with("{\n  \""));
  CHECK(render(grade, ReportFormat::junit, false) == conclab::grading::to_junit(grade));
  CHECK(render(grade, ReportFormat::html, false) == conclab::grading::to_html(grade));
  CHECK(render(grade, ReportFormat::text, true) == conclab::grading::format_text(grade, true));
}

TEST_CASE("render survives grade evidence that is not UTF-8") {
  Grade grade = sample_grade();
  grade.labs[0].kinds[0].tests[1].evidence = {"bytes \xFF\xFE here"};
  std::string written;
  CHECK_NOTHROW(written = conclab::grading::render(grade, ReportFormat::gradescope, false));
  const json results = json::parse(written);
  CHECK(results["tests"][1]["output"] == "bytes \xEF\xBF\xBD\xEF\xBF\xBD here");
  CHECK_NOTHROW(written = conclab::grading::render(grade, ReportFormat::json, false));
}
