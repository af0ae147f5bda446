// Where a checked mutex was taken: the caller's line, or the call stack when that line is
// inside the standard library.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "conclab/checked_mutex.hpp"

namespace conclab::lock_order_detail {

/// Return addresses kept per acquisition: enough to get from lock() through the deepest
/// standard-library caller (condition_variable_any::wait) to the user's line.
inline constexpr std::size_t kMaxSiteFrames = 16;

/// Where a checked mutex was taken.
struct AcquisitionSite {
  SourceLocation where;  ///< The line lock() or try_lock() was called from.
  /// When `where` is inside the standard library (std::scoped_lock called lock()): the call
  /// stack, innermost first, to find the user's line if a report needs it. Empty otherwise.
  std::array<void*, kMaxSiteFrames> frames{};
  std::size_t frame_count = 0;  ///< How many of `frames` are filled.
};

/// True for files of the compiler's and the system's headers, like /usr/include/c++/12/mutex.
bool is_in_standard_library(std::string_view file);

/// The site of a lock() or try_lock() called from `where`, with the call stack when `where` is
/// inside the standard library.
AcquisitionSite capture_site(SourceLocation where);

}  // namespace conclab::lock_order_detail
