#include "conclab/grading/compile_errors.hpp"

#include <doctest/doctest.h>

namespace {

// What `cmake --build` (Ninja, g++ 12) prints for a missing ';' in a student file.
constexpr std::string_view kGccLog =
    R"log([1/4] Building CXX object labs/CMakeFiles/lab01_student_code.dir/01-threads-and-locks/counters.cpp.o
[2/4] Building CXX object labs/CMakeFiles/lab01_student_code.dir/01-threads-and-locks/threads.cpp.o
FAILED: labs/CMakeFiles/lab01_student_code.dir/01-threads-and-locks/threads.cpp.o
ccache /usr/bin/c++  -I/work/main/labs/01-threads-and-locks -g -std=c++20 -Wall -Werror -MD -MT labs/CMakeFiles/lab01_student_code.dir/01-threads-and-locks/threads.cpp.o -c /work/main/labs/01-threads-and-locks/threads.cpp
/work/main/labs/01-threads-and-locks/threads.cpp: In function 'int f(std::vector<int>&)':
/work/main/labs/01-threads-and-locks/threads.cpp:4:3: error: expected ',' or ';' before 'return'
    4 |   return x;
      |   ^~~~~~
/work/main/labs/01-threads-and-locks/threads.cpp:5:1: error: no return statement in function returning non-void [-Werror=return-type]
    5 | }
      | ^
cc1plus: all warnings being treated as errors
ninja: build stopped: subcommand failed.
)log";

constexpr std::string_view kLinkerLog =
    R"log([3/4] Linking CXX executable labs/01-threads-and-locks/student/correctness_test
FAILED: labs/01-threads-and-locks/student/correctness_test
/usr/bin/ld: labs/liblab01_student_code.a(threads.cpp.o): in function `conclab::run_threads(int)':
/work/main/labs/01-threads-and-locks/threads.cpp:12: undefined reference to `conclab::helper()'
collect2: error: ld returned 1 exit status
ninja: build stopped: subcommand failed.
)log";

constexpr std::string_view kFatalLog =
    R"log(In file included from /work/main/labs/01-threads-and-locks/tests/race_test.cpp:3:
../../labs/01-threads-and-locks/counters.hpp:2:10: fatal error: nothere.hpp: No such file or directory
    2 | #include "nothere.hpp"
      |          ^~~~~~~~~~~~~
compilation terminated.
)log";

}  // namespace

TEST_CASE("the first g++ error comes with its source excerpt and caret, paths relative") {
  const auto error = conclab::grading::first_compile_error(kGccLog, "/work/main");
  REQUIRE(error);
  CHECK(error->headline ==
        "labs/01-threads-and-locks/threads.cpp:4:3: error: expected ',' or ';' before 'return'");
  CHECK(error->context == std::vector<std::string>{"    4 |   return x;", "      |   ^~~~~~"});
}

TEST_CASE("an undefined reference from the linker is an error too") {
  const auto error = conclab::grading::first_compile_error(kLinkerLog, "/work/main");
  REQUIRE(error);
  CHECK(error->headline ==
        "labs/01-threads-and-locks/threads.cpp:12: undefined reference to "
        "`conclab::helper()'");
  CHECK(error->context.empty());
}

TEST_CASE("a fatal error with a path relative to the build folder") {
  const auto error =
      conclab::grading::first_compile_error(kFatalLog, "/work/main", "/work/main/build/default");
  REQUIRE(error);
  CHECK(error->headline ==
        "labs/01-threads-and-locks/counters.hpp:2:10: fatal error: "
        "nothere.hpp: No such file or directory");
  CHECK(error->context.size() == 2);
}

TEST_CASE("a log without errors has no first error") {
  CHECK_FALSE(conclab::grading::first_compile_error(
      "[1/1] Building CXX object x.o\nx.cpp:1:1: warning: unused\n", "/work/main"));
}
