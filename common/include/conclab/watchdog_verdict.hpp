/// @file watchdog_verdict.hpp
/// @brief Words of the watchdog's report that tools reading it rely on.
#pragma once

#include <string_view>

namespace conclab {

/// What the watchdog's report says when the test's threads were still running when it ended
/// the test (an endless loop, a spinning wait) rather than all waiting: a tool deciding whether
/// running the test again could teach it something (a sanitizer's view of a hang) reads this.
inline constexpr std::string_view kWatchdogStillWorking =
    "its threads were still working at the end";

}  // namespace conclab
