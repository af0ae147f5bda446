/// @file gantt_svg.hpp
/// @brief Timeline spans drawn as an SVG Gantt chart: a row per thread or process, a bar per
/// task, over a time axis.
#pragma once

#include <string>
#include <vector>

#include "conclab/timeline.hpp"

namespace conclab {

/// The spans as a standalone SVG document, 900 pixels wide, headed `title`: one row per lane
/// (grouped by process, in order of first start), one bar per span coloured by its name and
/// labelled where the label fits (always as a tooltip), over a time axis counted from the first
/// span's start. An empty list gives a chart that says nothing was recorded.
std::string to_gantt_svg(const std::vector<TimelineSpan>& spans, const std::string& title);

}  // namespace conclab
