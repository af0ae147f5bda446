// Writing a whole text file, or failing with the path in the message. Private to the timeline.
#pragma once

#include <filesystem>
#include <string_view>

namespace conclab::detail {

/// Writes `text` to `path`, replacing it; throws std::runtime_error naming the path (and the
/// system's reason) when it cannot.
void write_text_file(const std::filesystem::path& path, std::string_view text);

}  // namespace conclab::detail
