#include "conclab/grading/time_table.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include "temp_dir.hpp"

using conclab::grading::corpus_seconds_by_lab;
using conclab::grading::ctest_seconds_by_lab;
using conclab::grading::lab_of;
using conclab::grading::line_count;
using conclab::grading::ninja_seconds_by_lab;
using conclab::grading::TimeTable;
using conclab::grading::testing::TempDir;

TEST_CASE("build outputs, tests and grader folders are counted to their lab") {
  CHECK(lab_of("CMakeFiles/lab01_solution_race_obj.dir/labs/01-threads/tests/race_test.cpp.o") ==
        "01");
  CHECK(lab_of("labs/07-processes/solution/race_test") == "07");
  CHECK(lab_of("lab12.broken-send-send.deadlock") == "12");
  CHECK(lab_of("grade/03-io-fanout/slot0/src/client.cpp") == "03");
  CHECK(lab_of("corpus-05") == "05");
  CHECK(lab_of("common/CMakeFiles/conclab_common.dir/src/watchdog.cpp.o") == "shared");
  CHECK(lab_of("grading.unit") == "shared");
  CHECK(lab_of("collab01_x") == "shared");  // a word that only ends in "lab"
}

TEST_CASE("a ninja log's new entries are summed per lab") {
  const TempDir dir;
  const auto log = dir.path() / ".ninja_log";
  {
    std::ofstream out(log);
    out << "# ninja log v5\n"
        << "0\t9000\t1\tcommon/old.o\tabc\n"  // an earlier build's step: skipped
        << "100\t2100\t1\tCMakeFiles/lab01_solution_obj_x.dir/x.cpp.o\tabc\n"
        << "200\t700\t1\tlabs/01-threads/solution/race_test\tabc\n"
        << "300\t1300\t1\tcommon/CMakeFiles/conclab_common.dir/src/watchdog.cpp.o\tabc\n";
  }
  CHECK(line_count(log) == 5);
  const auto seconds = ninja_seconds_by_lab(log, 2);
  CHECK(seconds.at("01") == doctest::Approx(2.5));
  CHECK(seconds.at("shared") == doctest::Approx(1.0));
  CHECK(line_count(dir.path() / "missing") == 0);
}

TEST_CASE("ctest's per-test times are summed per lab") {
  const auto seconds = ctest_seconds_by_lab(
      "      Start  1: lab01.solution.race\n"
      " 1/3 Test  #1: lab01.solution.race ..............   Passed    3.25 sec\n"
      " 2/3 Test  #2: lab01.broken-x.race ..............***Failed    1.75 sec\n"
      " 3/3 Test #30: grading.unit .....................   Passed   10.00 sec\n"
      "100% tests passed, 0 tests failed out of 3\n");
  CHECK(seconds.at("01") == doctest::Approx(5.0));
  CHECK(seconds.at("shared") == doctest::Approx(10.0));
}

TEST_CASE("the table shows each stage, the total, and a row per lab with shared last") {
  TimeTable table;
  table.add_stage("default: build", 100.0);
  table.add_stage("grader", 50.5);
  table.add_labs("build default", {{"shared", 30.0}, {"02", 20.0}, {"01", 10.0}});
  table.add_lab("grader", "01", 40.0);
  const std::string text = table.render();
  CHECK(text.find("default: build") != std::string::npos);
  CHECK(text.find("150.5") != std::string::npos);  // the total of the stages
  CHECK(text.find("50.0") != std::string::npos);   // lab 01's row total
  const auto lab01 = text.find("\n01 ");
  const auto lab02 = text.find("\n02 ");
  const auto shared = text.find("\nshared ");
  REQUIRE(lab01 != std::string::npos);
  CHECK(lab01 < lab02);
  CHECK(lab02 < shared);
}

TEST_CASE("a grade-corpus run's gradings are counted to their lab, parallel ones added up") {
  const std::string output =
      "ok    lab 01 reference #1  100.0/100.0 (corr 40.0 race 30.0 dead 15.0 spee 15.0)  19.1 s\n"
      "WRONG lab 01 crash  62.0/100.0 (corr 20.0 race 12.0 dead 15.0 spee 15.0)  12.4 s\n"
      "      race lost 18.0 points it should not have\n"
      "ok    lab 08 stubs  0.0/100.0 (corr 0.0 race 0.0 dead 0.0)  2.5 s\n"
      "skipped lab 03 slow-one (slow: grade it with --only slow-one)\n"
      "4 gradings, 1 wrong\n";
  const auto seconds = corpus_seconds_by_lab(output);
  CHECK(seconds.size() == 2);
  CHECK(seconds.at("01") == doctest::Approx(31.5));
  CHECK(seconds.at("08") == doctest::Approx(2.5));
}
