#include "conclab/testing/text.hpp"

#include <doctest/doctest.h>

using conclab::testing::split_words;

TEST_CASE("split_words drops runs of spaces") {
  CHECK(split_words("") == std::vector<std::string>{});
  CHECK(split_words("  ") == std::vector<std::string>{});
  CHECK(split_words("I want  this ") == std::vector<std::string>{"I", "want", "this"});
}
