#include "conclab/environment.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

TEST_CASE("env_positive_number accepts positive numbers only") {
  constexpr const char* kName = "CONCLAB_TEST_ENVIRONMENT_VALUE";
  ::unsetenv(kName);
  CHECK_FALSE(conclab::env_positive_number(kName).has_value());
  ::setenv(kName, "2.5", 1);
  CHECK(conclab::env_positive_number(kName) == 2.5);
  for (const char* bad : {"", "abc", "0", "-3"}) {
    ::setenv(kName, bad, 1);
    CHECK_FALSE(conclab::env_positive_number(kName).has_value());
  }
  ::unsetenv(kName);
}
