#include "write_text_file.hpp"

#include <cerrno>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace conclab::detail {

void write_text_file(const std::filesystem::path& path, std::string_view text) {
  errno = 0;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) {
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
  }
  if (!out) {
    // The streams keep no reason of their own; errno, set by the failed open or write, has it.
    const int reason = errno;
    throw std::runtime_error("cannot write the timeline to " + path.string() +
                             (reason != 0 ? ": " + std::generic_category().message(reason) : ""));
  }
}

}  // namespace conclab::detail
