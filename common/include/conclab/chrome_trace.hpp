/// @file chrome_trace.hpp
/// @brief A timeline as a Chrome Trace Event file, for https://ui.perfetto.dev or chrome://tracing.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "conclab/timeline.hpp"

namespace conclab {

/// The spans as Chrome Trace Event JSON: a complete event ("ph": "X", "ts" and "dur" in
/// microseconds) per span, and metadata events naming each process and each lane.
std::string to_chrome_trace(const std::vector<TimelineSpan>& spans);

/// Writes to_chrome_trace(timeline.spans()) to `path`; throws std::runtime_error naming the
/// path when it cannot be written.
void write_chrome_trace(const Timeline& timeline, const std::filesystem::path& path);

/// Reads back the spans of a file written by write_chrome_trace() (another process's, to merge
/// with Timeline::add()); throws std::runtime_error naming the path when it cannot be read.
std::vector<TimelineSpan> read_chrome_trace(const std::filesystem::path& path);

}  // namespace conclab
