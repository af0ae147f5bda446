#include "write_text_file.hpp"

#include <fstream>
#include <stdexcept>

namespace conclab::detail {

void write_text_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    throw std::runtime_error("cannot write the timeline to " + path.string());
  }
}

}  // namespace conclab::detail
