#include <doctest/doctest.h>
#include <sched.h>

#include "conclab/cores.hpp"

TEST_CASE("available_cores follows the affinity mask") {
  cpu_set_t original;
  REQUIRE(sched_getaffinity(0, sizeof original, &original) == 0);
  const unsigned all = conclab::available_cores();
  CHECK(all >= 1);
  CHECK(all <= static_cast<unsigned>(CPU_COUNT(&original)));

  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(static_cast<std::size_t>(sched_getcpu()), &one);
  REQUIRE(sched_setaffinity(0, sizeof one, &one) == 0);
  CHECK(conclab::available_cores() == 1);
  REQUIRE(sched_setaffinity(0, sizeof original, &original) == 0);
}
