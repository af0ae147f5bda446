#include "conclab/grading/sanitizer_report.hpp"

#include <doctest/doctest.h>

#include "asan_samples.hpp"
#include "temp_dir.hpp"
#include "tsan_samples.hpp"

TEST_CASE("a data race is trimmed to the warning and two frames of each access") {
  const auto reports = conclab::grading::extract_tsan_reports(
      conclab::grading::testing::kSampleTsanOutput, "/work/main");
  REQUIRE(reports.size() == 2);
  CHECK(reports[0].test == "Counters.MutexCountIsExact");
  CHECK(reports[0].lines == std::vector<std::string>{
                                "WARNING: ThreadSanitizer: data race",
                                "  Read of size 8 at 0x555555558148 by thread T2:",
                                "    #0 bump() labs/01-threads-and-locks/counters.cpp:5",
                                "  Previous write of size 8 at 0x555555558148 by thread T1:",
                                "    #0 bump() labs/01-threads-and-locks/counters.cpp:5",
                            });
}

TEST_CASE("a lock-order inversion keeps the frames in the lab's code, not the library's") {
  const auto reports = conclab::grading::extract_tsan_reports(
      conclab::grading::testing::kSampleTsanOutput, "/work/main");
  REQUIRE(reports.size() == 2);
  CHECK(reports[1].test == "Order.Inversion");
  REQUIRE(reports[1].lines.size() == 9);
  CHECK(reports[1].lines[0] ==
        "WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock)");
  CHECK(reports[1].lines[1] == "  Mutex M10 acquired here while holding mutex M9 in main thread:");
  CHECK(reports[1].lines[2] == "    #4 main labs/01-threads-and-locks/turn_taker.cpp:12");
}

TEST_CASE("output without ThreadSanitizer reports has none") {
  CHECK(conclab::grading::extract_tsan_reports("[ RUN      ] A.B\n[       OK ] A.B (0 ms)\n", "/r")
            .empty());
}

TEST_CASE("a use after free across threads keeps the access, the free and the allocation") {
  const auto reports = conclab::grading::extract_asan_reports(
      conclab::grading::testing::kSampleAsanUseAfterFree, "/work/main");
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].test == "AsCompleted.FuturesMayFinishAfterTheLoopHasGivenUp");
  CHECK(reports[0].sanitizer() == "AddressSanitizer");
  CHECK(reports[0].lines ==
        std::vector<std::string>{
            "ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010",
            "  READ of size 4 at 0x602000000010 thread T1",
            "    #0 bump(Box*) labs/05-executors-and-futures/completion_queue.cpp:4",
            "    #1 operator() labs/05-executors-and-futures/completion_queue.cpp:9",
            "  freed by thread T0 here:",
            "    #1 main labs/05-executors-and-futures/completion_queue.cpp:8",
            "  previously allocated by thread T0 here:",
            "    #1 main labs/05-executors-and-futures/completion_queue.cpp:7",
        });
}

TEST_CASE("a crash on a bad address says which access and which line") {
  const auto reports = conclab::grading::extract_sanitizer_reports(
      conclab::grading::testing::kSampleAsanSegv, "/work/main");
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].test == "Counters.MutexCountIsExact");
  CHECK(reports[0].lines == std::vector<std::string>{
                                "ERROR: AddressSanitizer: SEGV on unknown address 0x000000000000",
                                "  The signal is caused by a WRITE memory access.",
                                "  Hint: address points to the zero page.",
                                "    #0 count(int*) labs/01-threads-and-locks/counters.cpp:3",
                                "    #1 main labs/01-threads-and-locks/counters.cpp:4",
                            });
}

TEST_CASE("each sanitizer's reader sees only its own reports") {
  using conclab::grading::testing::kSampleAsanSegv;
  using conclab::grading::testing::kSampleTsanOutput;
  CHECK(conclab::grading::extract_tsan_reports(kSampleAsanSegv, "/work/main").empty());
  CHECK(conclab::grading::extract_asan_reports(kSampleTsanOutput, "/work/main").empty());
  const auto both = conclab::grading::extract_sanitizer_reports(kSampleTsanOutput, "/work/main");
  REQUIRE(both.size() == 2);
  CHECK(both[0].sanitizer() == "ThreadSanitizer");
}

TEST_CASE("undefined behaviour keeps its place, what was undefined, and the lab's two frames") {
  // Compiled through ccache: the paths are relative to the build tree, build/asan.
  const auto reports = conclab::grading::extract_sanitizer_reports(
      conclab::grading::testing::kSampleUbsanNullStore, "/work/main", "/work/main/build/asan");
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].test == "Counters.MutexCountsEveryHit");
  CHECK(reports[0].sanitizer() == "UndefinedBehaviorSanitizer");
  CHECK(reports[0].lines ==
        std::vector<std::string>{
            "labs/01-threads-and-locks/counters.cpp:12:12: runtime error: store to null pointer "
            "of type 'volatile long int'",
            "    #0 lab01::count_hits_with_mutex(std::span<int const, 18446744073709551615ul>, "
            "unsigned long) labs/01-threads-and-locks/counters.cpp:12",
            "    #1 TestBody labs/01-threads-and-locks/tests/correctness_test.cpp:104",
        });
}

TEST_CASE("paths are taken from the build tree, and a grader slot's copy is the lab's own file") {
  const std::string output =
      "WARNING: ThreadSanitizer: data race (pid=1)\n"
      "  Write of size 8 at 0x7b04 by thread T1:\n"
      "    #0 add() grade/02-shared-state/slot1/src/table.cpp:7 (race_test+0x1)\n"
      "    #1 run() ../../labs/02-shared-state/tests/race_test.cpp:30 (race_test+0x2)\n"
      "  Previous write of size 8 at 0x7b04 by thread T2, 1/2 of them:\n"
      "    #0 add() /work/main/build/default/grade/02-shared-state/slot1/src/table.cpp:7\n"
      "    #1 f() ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1001\n"
      "SUMMARY: ThreadSanitizer: data race\n";
  const auto reports =
      conclab::grading::extract_tsan_reports(output, "/work/main", "/work/main/build/default");
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].lines == std::vector<std::string>{
                                "WARNING: ThreadSanitizer: data race",
                                "  Write of size 8 at 0x7b04 by thread T1:",
                                "    #0 add() labs/02-shared-state/table.cpp:7",
                                "    #1 run() labs/02-shared-state/tests/race_test.cpp:30",
                                "  Previous write of size 8 at 0x7b04 by thread T2, 1/2 of them:",
                                "    #0 add() labs/02-shared-state/table.cpp:7",
                            });
}

TEST_CASE("a build tree's copy of the solution's files is the solution's file or the lab's") {
  const conclab::grading::testing::TempDir root;
  root.write("solutions/06-deadlocks/worker_stop.cpp", "// the solution's\n");
  const std::string build = (root.path() / "build/tsan").string();
  const std::string output =
      "WARNING: ThreadSanitizer: heap-use-after-free (pid=1)\n"
      "  Read of size 1 at 0x7b30 by thread T18:\n"
      "    #0 lab06::Worker::run() " +
      build +
      "/labs/06-deadlocks/solution/src/worker.cpp:34\n"
      "    #1 lab06::Worker::stop() labs/06-deadlocks/solution/src/worker_stop.cpp:9\n"
      "SUMMARY: ThreadSanitizer: heap-use-after-free\n";
  const auto reports = conclab::grading::extract_tsan_reports(output, root.path(), build);
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].lines ==
        std::vector<std::string>{
            "WARNING: ThreadSanitizer: heap-use-after-free",
            "  Read of size 1 at 0x7b30 by thread T18:",
            "    #0 lab06::Worker::run() labs/06-deadlocks/worker.cpp:34",
            "    #1 lab06::Worker::stop() solutions/06-deadlocks/worker_stop.cpp:9",
        });
}
