#include "conclab/grading/text.hpp"

#include <doctest/doctest.h>

using conclab::grading::split_lines;

TEST_CASE("split_lines splits on newlines and drops carriage returns") {
  CHECK(split_lines("a\nb\r\nc") == std::vector<std::string>{"a", "b", "c"});
  CHECK(split_lines("a\n") == std::vector<std::string>{"a"});
  CHECK(split_lines("").empty());
}

TEST_CASE("last_lines keeps the end without trailing blank lines") {
  CHECK(conclab::grading::last_lines("1\n2\n3\n4\n\n", 2) == std::vector<std::string>{"3", "4"});
  CHECK(conclab::grading::last_lines("1\n", 5) == std::vector<std::string>{"1"});
}

TEST_CASE("relative_to_root removes the root from every path in a line") {
  CHECK(conclab::grading::relative_to_root("/r/oot/a.cpp:1 and /r/oot/b.cpp", "/r/oot") ==
        "a.cpp:1 and b.cpp");
  CHECK(conclab::grading::relative_to_root("/r/ootx/a.cpp", "/r/oot") == "/r/ootx/a.cpp");
}

TEST_CASE("wrap breaks at spaces") {
  CHECK(conclab::grading::wrap("aa bb cc dd", 5) == std::vector<std::string>{"aa bb", "cc dd"});
  CHECK(conclab::grading::wrap("averylongword x", 4) ==
        std::vector<std::string>{"averylongword", "x"});
}

TEST_CASE("count_of pluralises") {
  CHECK(conclab::grading::count_of(1, "test") == "1 test");
  CHECK(conclab::grading::count_of(0, "test") == "0 tests");
}
