// Turns acquisition sites into the "bank.cpp:31" that reports show.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "acquisition_site.hpp"

namespace conclab::lock_order_detail {

/// "bank.cpp:31" for line 31 of /src/bank.cpp: the base name is enough to find the line.
std::string describe_source_line(std::string_view file, unsigned line);

/// Describes each site as "FILE:LINE", FILE being the base name: the line that called lock(),
/// or, when that line is inside the standard library (std::scoped_lock called lock()), the
/// first line outside the library on the site's call stack. The stacks are read by `addr2line`
/// (binutils), once per program file; without it, or without debug information, such a site
/// is described as "mutex:731 (in the standard library)".
std::vector<std::string> describe_sites(std::span<const AcquisitionSite* const> sites);

}  // namespace conclab::lock_order_detail
