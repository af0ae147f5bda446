// Spans drawn as an SVG Gantt chart, the picture of the course's visualize_runtimes: a row per
// thread (or process), a bar per task from its start to its end.
#include "conclab/gantt_svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <string_view>

#include <fmt/core.h>

#include "lanes.hpp"
#include "time_axis.hpp"
#include "write_text_file.hpp"
#include "xml_text.hpp"

namespace conclab {
namespace {

// The chart's geometry, in SVG pixels (the chart is drawn at its natural size).
constexpr double kWidth = 900;
constexpr double kRightMargin = 24;
constexpr double kTitleBaseline = 26;
constexpr double kSubtitleBaseline = 44;
constexpr double kFirstRowTop = 58;
constexpr double kRowHeight = 24;
constexpr double kBarHeight = 16;
constexpr double kAxisHeight = 44;       // tick labels and the axis caption, under the rows
constexpr double kCharacterWidth = 6.2;  // of the 11 px sans-serif font, on average
constexpr double kTextPadding = 4;
constexpr int kAboutTicks = 8;

/// The lane names' column: wide enough for the longest name, within limits.
double label_column_width(const std::vector<std::string>& labels) {
  std::size_t longest = 0;
  for (const std::string& label : labels) {
    longest = std::max(longest, detail::character_count(label));
  }
  return std::clamp(static_cast<double>(longest) * kCharacterWidth + 4 * kTextPadding, 70.0, 260.0);
}

/// How many characters of the 11 px font fit in `pixels`.
std::size_t characters_fitting(double pixels) {
  return pixels <= 0 ? 0 : static_cast<std::size_t>(pixels / kCharacterWidth);
}

/// A colour per task name, the same on every run of the same chart: the names, in order of
/// first start, take hues a golden angle apart, so that neighbours never look alike.
std::map<std::string, std::string> colours_by_name(std::vector<TimelineSpan> spans) {
  std::ranges::stable_sort(spans, {}, &TimelineSpan::begin_us);
  std::map<std::string, std::string> colours;
  for (const TimelineSpan& span : spans) {
    if (!colours.contains(span.name)) {
      const double hue = std::fmod(210.0 + 137.508 * static_cast<double>(colours.size()), 360.0);
      colours.emplace(span.name, fmt::format("hsl({:.0f}, 62%, 74%)", hue));
    }
  }
  return colours;
}

/// The row labels: each lane's name, with its process id when several processes took part.
std::vector<std::string> row_labels(const std::vector<detail::LaneKey>& lanes,
                                    std::size_t processes) {
  std::vector<std::string> labels;
  labels.reserve(lanes.size());
  for (const detail::LaneKey& lane : lanes) {
    const std::string pid = std::to_string(lane.pid);
    const bool says_pid = processes < 2 || lane.name.find(pid) != std::string::npos;
    labels.push_back(says_pid ? lane.name : lane.name + " (pid " + pid + ")");
  }
  return labels;
}

/// Maps times (microseconds since the timeline's origin) to x coordinates.
struct TimeScale {
  double start_us;       ///< the time at the left end of the plot: the first span's start
  double left;           ///< the plot's left end, in pixels
  double pixels_per_us;  ///< how wide a microsecond is

  [[nodiscard]] double x(double us) const { return left + (us - start_us) * pixels_per_us; }
};

/// Everything the drawing needs, worked out once.
struct Layout {
  std::vector<detail::LaneKey> lanes;
  std::vector<std::string> labels;
  double label_column = 0;
  double height = 0;
  double axis_y = 0;  // the top of the axis, under the last row
  double length_us = 0;
  TimeScale scale{};
};

Layout layout_of(const std::vector<TimelineSpan>& spans) {
  Layout layout;
  layout.lanes = detail::lanes_in_order(spans);
  layout.labels = row_labels(layout.lanes, detail::process_count(spans));
  layout.label_column = label_column_width(layout.labels);
  layout.axis_y = kFirstRowTop + static_cast<double>(layout.lanes.size()) * kRowHeight;
  layout.height = layout.axis_y + kAxisHeight;
  if (!spans.empty()) {
    const double start = std::ranges::min(spans, {}, &TimelineSpan::begin_us).begin_us;
    const double end = std::ranges::max(spans, {}, &TimelineSpan::end_us).end_us;
    layout.length_us = end - start;
    const double plot_width = kWidth - kRightMargin - layout.label_column;
    layout.scale = {start, layout.label_column, plot_width / std::max(layout.length_us, 1.0)};
  }
  return layout;
}

void draw_heading(std::string& svg, const std::string& title, const std::string& summary) {
  svg += fmt::format(R"(<text x="12" y="{}" class="title">{}</text>)", kTitleBaseline,
                     detail::escape_xml(title));
  svg += fmt::format(R"(<text x="12" y="{}" class="note">{}</text>)", kSubtitleBaseline,
                     detail::escape_xml(summary));
  svg += '\n';
}

/// Striped rows, each with its lane's name on the left.
void draw_rows(std::string& svg, const Layout& layout) {
  for (std::size_t row = 0; row < layout.lanes.size(); ++row) {
    const double top = kFirstRowTop + static_cast<double>(row) * kRowHeight;
    if (row % 2 == 0) {
      svg += fmt::format(R"(<rect class="row" x="0" y="{}" width="{}" height="{}"/>)", top, kWidth,
                         kRowHeight);
    }
    const std::size_t fitting = characters_fitting(layout.label_column - 2 * kTextPadding);
    svg += fmt::format(R"(<text x="12" y="{:.1f}">{}</text>)", top + kRowHeight / 2 + 4,
                       detail::escape_xml(detail::shortened(layout.labels[row], fitting)));
    svg += '\n';
  }
}

/// Grid lines with their times under the rows, counted from the first span's start.
void draw_axis(std::string& svg, const Layout& layout) {
  const auto ticks = detail::axis_ticks(layout.length_us, kAboutTicks);
  for (const double tick : ticks) {
    const double x = layout.scale.x(layout.scale.start_us + tick);
    svg += fmt::format(R"(<line class="grid" x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}"/>)"
                       R"(<text x="{0:.1f}" y="{3}" text-anchor="middle" class="note">{4}</text>)",
                       x, kFirstRowTop, layout.axis_y + 4, layout.axis_y + 16,
                       detail::escape_xml(detail::tick_label(tick, ticks.back())));
    svg += '\n';
  }
  svg += fmt::format(R"(<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>)", layout.label_column,
                     layout.axis_y, kWidth - kRightMargin, layout.axis_y);
  svg +=
      fmt::format(R"(<text x="{}" y="{}" text-anchor="end" class="note">{}</text>)",
                  kWidth - kRightMargin, layout.axis_y + 34, "time since the first task started");
  svg += '\n';
}

/// A span's bar: a tooltip with its details, and its name inside when there is room.
void draw_bar(std::string& svg, const TimelineSpan& span, const Layout& layout, double row_top,
              const std::string& colour) {
  const double x = layout.scale.x(span.begin_us);
  const double width = std::max(1.0, (span.end_us - span.begin_us) * layout.scale.pixels_per_us);
  const double y = row_top + (kRowHeight - kBarHeight) / 2;
  const double start = span.begin_us - layout.scale.start_us;
  const double end = span.end_us - layout.scale.start_us;
  svg += fmt::format(
      R"(<g><title>{} on {}: from {} to {} ({})</title>)"
      R"(<rect class="span" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{}" rx="2" fill="{}"/>)",
      detail::escape_xml(span.name), detail::escape_xml(span.lane), detail::readable_time(start),
      detail::readable_time(end), detail::readable_time(end - start), x, y, width, kBarHeight,
      colour);
  // A label cut to fewer than four characters says nothing: then the tooltip alone names it.
  const std::string label =
      detail::shortened(span.name, characters_fitting(width - 2 * kTextPadding));
  const bool says_something = label == span.name || detail::character_count(label) >= 4;
  if (!label.empty() && says_something) {
    svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}">{}</text>)", x + kTextPadding,
                       y + kBarHeight - 4.5, detail::escape_xml(label));
  }
  svg += "</g>\n";
}

std::string summary_of(const std::vector<TimelineSpan>& spans, const Layout& layout) {
  const std::size_t processes = detail::process_count(spans);
  return fmt::format("{} task{} on {} lane{}{}, {} from the first start to the last end",
                     spans.size(), spans.size() == 1 ? "" : "s", layout.lanes.size(),
                     layout.lanes.size() == 1 ? "" : "s",
                     processes > 1 ? fmt::format(" in {} processes", processes) : "",
                     detail::readable_time(layout.length_us));
}

std::string svg_start(double height) {
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" )"
      R"(viewBox="0 0 {0} {1}">)"
      "\n<style>"
      "text {{ font-family: 'DejaVu Sans', Verdana, sans-serif; font-size: 11px; fill: #222; }} "
      ".title {{ font-size: 15px; font-weight: bold; }} .note {{ fill: #555; }} "
      ".row {{ fill: #f3f4f6; }} .grid {{ stroke: #d8d8d8; }} .axis {{ stroke: #444; }} "
      ".span {{ stroke: #333; stroke-width: 0.6; }}"
      "</style>\n"
      R"(<rect class="background" width="100%" height="100%" fill="white"/>)"
      "\n",
      kWidth, height);
}

}  // namespace

std::string to_gantt_svg(const std::vector<TimelineSpan>& spans, const std::string& title) {
  if (spans.empty()) {
    std::string svg = svg_start(kFirstRowTop + kAxisHeight);
    draw_heading(svg, title, "nothing was recorded");
    return svg + "</svg>\n";
  }
  const Layout layout = layout_of(spans);
  std::string svg = svg_start(layout.height);
  draw_heading(svg, title, summary_of(spans, layout));
  draw_rows(svg, layout);
  draw_axis(svg, layout);
  const auto colours = colours_by_name(spans);
  for (std::size_t row = 0; row < layout.lanes.size(); ++row) {
    const double row_top = kFirstRowTop + static_cast<double>(row) * kRowHeight;
    for (const TimelineSpan& span : spans) {
      if (layout.lanes[row].holds(span)) {
        draw_bar(svg, span, layout, row_top, colours.at(span.name));
      }
    }
  }
  return svg + "</svg>\n";
}

std::string Timeline::to_svg(const std::string& title) const {
  return to_gantt_svg(spans(), title);
}

void Timeline::write_svg(const std::filesystem::path& path, const std::string& title) const {
  detail::write_text_file(path, to_svg(title));
}

}  // namespace conclab
