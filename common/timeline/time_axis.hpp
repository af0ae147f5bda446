// The ticks of a time axis, and times written for people. Private to the timeline library.
#pragma once

#include <string>
#include <vector>

namespace conclab::detail {

/// Ticks 0, step, 2 step, ... up to `length_us`, with a round step (1, 2 or 5 times a power of
/// ten microseconds) giving about `about` of them. Never empty, whatever the length.
std::vector<double> axis_ticks(double length_us, int about);

/// A tick's label, in the unit that suits the axis's largest tick: "250 µs", "12.5 ms", "3 s".
std::string tick_label(double tick_us, double largest_tick_us);

/// A time for a tooltip, to four significant digits in a unit that suits it: "41.87 ms".
std::string readable_time(double microseconds);

}  // namespace conclab::detail
