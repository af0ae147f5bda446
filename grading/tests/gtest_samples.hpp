// A GoogleTest run as GoogleTest 1.12 prints and reports it: one failing, one passing, one
// skipped and one disabled test.
#pragma once

#include <string_view>

namespace conclab::grading::testing {

inline constexpr std::string_view kSampleGtestJson = R"json({
  "tests": 4,
  "failures": 1,
  "disabled": 1,
  "errors": 0,
  "timestamp": "2026-11-21T16:43:36Z",
  "time": "0s",
  "name": "AllTests",
  "testsuites": [
    {
      "name": "RunThreads",
      "tests": 2,
      "failures": 1,
      "disabled": 0,
      "errors": 0,
      "timestamp": "2026-11-21T16:43:36Z",
      "time": "0s",
      "testsuite": [
        {
          "name": "ReturnsOnlyAfterEveryThreadFinished",
          "file": "g.cpp",
          "line": 2,
          "status": "RUN",
          "result": "COMPLETED",
          "timestamp": "2026-11-21T16:43:36Z",
          "time": "0s",
          "classname": "RunThreads",
          "failures": [
            {
              "failure": "/work/main/labs/01-threads-and-locks/tests/correctness_test.cpp:42\nExpected equality of these values:\n  3\n  8\nexpected flags all set, 3 of 8 were not",
              "type": ""
            }
          ]
        },
        {
          "name": "Works",
          "file": "g.cpp",
          "line": 3,
          "status": "RUN",
          "result": "COMPLETED",
          "timestamp": "2026-11-21T16:43:36Z",
          "time": "0s",
          "classname": "RunThreads"
        }
      ]
    },
    {
      "name": "Speedup",
      "tests": 2,
      "failures": 0,
      "disabled": 1,
      "errors": 0,
      "timestamp": "2026-11-21T16:43:36Z",
      "time": "0s",
      "testsuite": [
        {
          "name": "PartialScales",
          "file": "g.cpp",
          "line": 4,
          "status": "RUN",
          "result": "SKIPPED",
          "timestamp": "2026-11-21T16:43:36Z",
          "time": "0s",
          "classname": "Speedup"
        },
        {
          "name": "DISABLED_Off",
          "file": "g.cpp",
          "line": 5,
          "status": "NOTRUN",
          "result": "SUPPRESSED",
          "timestamp": "1970-01-01T00:00:00Z",
          "time": "0s",
          "classname": "Speedup"
        }
      ]
    }
  ]
}
)json";

inline constexpr std::string_view kSampleGtestConsole =
    R"out([==========] Running 3 tests from 2 test suites.
[----------] Global test environment set-up.
[----------] 2 tests from RunThreads
[ RUN      ] RunThreads.ReturnsOnlyAfterEveryThreadFinished
/work/main/labs/01-threads-and-locks/tests/correctness_test.cpp:42: Failure
Expected equality of these values:
  3
  8
expected flags all set, 3 of 8 were not
[  FAILED  ] RunThreads.ReturnsOnlyAfterEveryThreadFinished (0 ms)
[ RUN      ] RunThreads.Works
[       OK ] RunThreads.Works (0 ms)
[----------] 2 tests from RunThreads (0 ms total)

[----------] 1 test from Speedup
[ RUN      ] Speedup.PartialScales
/work/main/labs/01-threads-and-locks/tests/speedup_test.cpp:4: Skipped
1 core available
[  SKIPPED ] Speedup.PartialScales (0 ms)
[ DISABLED ] Speedup.DISABLED_Off
[----------] 1 test from Speedup (0 ms total)

[----------] Global test environment tear-down
[==========] 3 tests from 2 test suites ran. (0 ms total)
[  PASSED  ] 1 test.
[  SKIPPED ] 1 test, listed below:
[  SKIPPED ] Speedup.PartialScales
[  FAILED  ] 1 test, listed below:
[  FAILED  ] RunThreads.ReturnsOnlyAfterEveryThreadFinished

 1 FAILED TEST
  YOU HAVE 1 DISABLED TEST

)out";

}  // namespace conclab::grading::testing
