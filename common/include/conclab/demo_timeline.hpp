/// @file demo_timeline.hpp
/// @brief Where a lab's demo writes its timeline, and how it tells the reader.
#pragma once

#include <filesystem>
#include <string_view>

#include "conclab/timeline.hpp"

namespace conclab {

/// The folder demos write their timelines to: $CONCLAB_TIMELINE_DIR, or the current directory.
std::filesystem::path demo_timeline_dir();

/// Writes `timeline` as NAME.json (a Chrome trace) and NAME.svg (a picture titled `title`) in
/// demo_timeline_dir(), and prints where they are and how to open them. On failure (a folder
/// that cannot be written) prints why on stderr and returns false.
bool write_demo_timeline(const Timeline& timeline, std::string_view name, std::string_view title);

}  // namespace conclab
