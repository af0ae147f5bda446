/// @file chrome_trace.hpp
/// @brief Timeline spans as a Chrome Trace Event file, for https://ui.perfetto.dev or
/// chrome://tracing, and back.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "conclab/timeline.hpp"

namespace conclab {

/// The spans as Chrome Trace Event JSON: a "traceEvents" array with a complete event per span
/// ("ph": "X", "ts" and "dur" in microseconds, "pid", and a "tid" per lane) and metadata events
/// ("ph": "M") naming each process and each lane. `origin`, the clock reading the spans are
/// measured from, is kept in "otherData" so that the file can be merged into another timeline.
std::string to_chrome_trace(const std::vector<TimelineSpan>& spans,
                            Timeline::Clock::time_point origin);

/// The spans read back from a Chrome trace file.
struct TraceFileSpans {
  /// The clock reading the spans' times count from, when the file says (conclab's files do).
  std::optional<Timeline::Clock::time_point> origin;
  /// One span per complete event ("ph": "X"), in the file's order.
  std::vector<TimelineSpan> spans;
};

/// Reads the spans of a Chrome trace file: one written by Timeline::write_chrome_trace() in
/// any process, or any trace of complete events. Throws std::runtime_error naming the path when
/// it cannot be read or is not a trace.
TraceFileSpans read_chrome_trace(const std::filesystem::path& path);

}  // namespace conclab
