#include "conclab/grading/tsan_report.hpp"

#include <doctest/doctest.h>

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
