/// @file gantt_svg.hpp
/// @brief A timeline drawn as an SVG Gantt chart: a row per thread or process, a bar per task.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "conclab/timeline.hpp"

namespace conclab {

/// The spans as a standalone SVG document: one row per lane (in order of first start), one bar
/// per span, labelled where the label fits (and always as a tooltip), over a time axis.
std::string to_gantt_svg(const std::vector<TimelineSpan>& spans, const std::string& title);

/// Writes to_gantt_svg(timeline.spans(), title) to `path`; throws std::runtime_error naming
/// the path when it cannot be written.
void write_gantt_svg(const Timeline& timeline, const std::filesystem::path& path,
                     const std::string& title);

}  // namespace conclab
