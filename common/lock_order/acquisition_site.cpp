#include "acquisition_site.hpp"

#include <execinfo.h>

namespace conclab::lock_order_detail {

bool is_in_standard_library(std::string_view file) {
  // g++ names libstdc++'s headers /usr/include/c++/12/...; clang, through its own folder,
  // /usr/bin/../lib/gcc/x86_64-linux-gnu/12/../../../../include/c++/12/...
  return file.starts_with("/usr/include/") || file.starts_with("/usr/local/include/") ||
         file.starts_with("/usr/lib/") || file.find("/include/c++/") != std::string_view::npos;
}

AcquisitionSite capture_site(SourceLocation where) {
  AcquisitionSite site;
  site.where = where;
  if (is_in_standard_library(where.file_name())) {
    // A stack is only worth its cost (about a microsecond) when the line is not the user's.
    const int count = ::backtrace(site.frames.data(), static_cast<int>(site.frames.size()));
    site.frame_count = count > 0 ? static_cast<std::size_t>(count) : 0;
  }
  return site;
}

}  // namespace conclab::lock_order_detail
