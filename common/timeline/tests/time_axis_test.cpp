// The library's private time axis: round tick steps, units, readable times.
#include <doctest/doctest.h>

#include "time_axis.hpp"

using conclab::detail::axis_ticks;
using conclab::detail::readable_time;
using conclab::detail::tick_label;

TEST_CASE("ticks are round steps from zero that cover the length") {
  CHECK(axis_ticks(8000, 8) ==
        std::vector<double>{0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000});
  CHECK(axis_ticks(9500, 8) == std::vector<double>{0, 2000, 4000, 6000, 8000});
  CHECK(axis_ticks(3e6, 6) == std::vector<double>{0, 5e5, 1e6, 1.5e6, 2e6, 2.5e6, 3e6});
  CHECK(axis_ticks(0, 8).size() > 1);  // an instant still gets an axis, and the loop ends
}

TEST_CASE("tick labels take the unit of the largest tick, tooltips four digits") {
  CHECK(tick_label(2000, 8000) == "2 ms");
  CHECK(tick_label(200, 1200) == "0.2 ms");
  CHECK(tick_label(5e5, 3e6) == "0.5 s");
  CHECK(tick_label(250, 900) == "250 µs");
  CHECK(readable_time(41870) == "41.87 ms");
  CHECK(readable_time(2.5e6) == "2.5 s");
  CHECK(readable_time(0) == "0 µs");
}
