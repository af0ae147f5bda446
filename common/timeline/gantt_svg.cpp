#include "conclab/gantt_svg.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

#include <fmt/core.h>

#include "write_text_file.hpp"

namespace conclab {
namespace {

// The chart's geometry, in SVG pixels.
constexpr double kWidth = 900;
constexpr double kLabelColumn = 110;  // lane names, left of the bars
constexpr double kRightMargin = 20;
constexpr double kTop = 40;  // the title
constexpr double kRowHeight = 26;
constexpr double kBarHeight = 18;
constexpr double kAxisHeight = 36;
constexpr double kCharacterWidth = 6.5;  // of the 11 px label font, roughly

/// Escapes the characters XML gives a meaning to.
std::string escape_xml(std::string_view text) {
  std::string escaped;
  for (const char character : text) {
    switch (character) {
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '&':
        escaped += "&amp;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&apos;";
        break;
      default:
        escaped += character;
    }
  }
  return escaped;
}

/// A colour per task name, the same on every run: a hue from a hash of the name.
std::string colour_of(std::string_view name) {
  unsigned hash = 2166136261U;  // FNV-1a
  for (const char character : name) {
    hash = (hash ^ static_cast<unsigned char>(character)) * 16777619U;
  }
  return fmt::format("hsl({}, 55%, 62%)", hash % 360);
}

/// A "nice" tick step (1, 2 or 5 times a power of ten) giving about `ticks` ticks over `span`.
double tick_step(double span, int ticks) {
  const double rough = span / ticks;
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  for (const double factor : {1.0, 2.0, 5.0}) {
    if (factor * power >= rough) {
      return factor * power;
    }
  }
  return 10 * power;
}

/// "250 µs", "12.5 ms", "3 s".
std::string time_label(double microseconds, double step) {
  if (step >= 1e6) {
    return fmt::format("{:g} s", microseconds / 1e6);
  }
  if (step >= 1e3) {
    return fmt::format("{:g} ms", microseconds / 1e3);
  }
  return fmt::format("{:g} µs", microseconds);
}

/// The lanes in order of their first span's start.
std::vector<std::pair<int, std::string>> lanes_in_order(const std::vector<TimelineSpan>& spans) {
  std::map<std::pair<int, std::string>, double> first_start;
  for (const TimelineSpan& span : spans) {
    const auto [entry, is_new] = first_start.try_emplace({span.pid, span.lane}, span.begin_us);
    entry->second = std::min(entry->second, span.begin_us);
  }
  std::vector<std::pair<int, std::string>> lanes;
  for (const auto& [lane, unused] : first_start) {
    lanes.push_back(lane);
  }
  std::ranges::sort(lanes, {}, [&](const auto& lane) { return first_start.at(lane); });
  return lanes;
}

struct Scale {
  double start_us;
  double pixels_per_us;
  [[nodiscard]] double x(double us) const { return kLabelColumn + (us - start_us) * pixels_per_us; }
};

void draw_axis(std::string& svg, const Scale& scale, double end_us, double axis_y) {
  const double step = tick_step(end_us - scale.start_us, 8);
  svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#444"/>)", kLabelColumn,
                     axis_y, kWidth - kRightMargin, axis_y);
  for (double tick = 0; scale.start_us + tick <= end_us + step * 1e-9; tick += step) {
    const double x = scale.x(scale.start_us + tick);
    svg += fmt::format(R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" stroke="#ddd"/>)"
                       R"(<text x="{0:.1f}" y="{3}" text-anchor="middle" class="axis">{4}</text>)",
                       x, kTop, axis_y + 4, axis_y + 16, time_label(tick, step));
    svg += '\n';
  }
}

void draw_bar(std::string& svg, const TimelineSpan& span, const Scale& scale, double row_y) {
  const double x = scale.x(span.begin_us);
  const double width = std::max(1.0, (span.end_us - span.begin_us) * scale.pixels_per_us);
  const double y = row_y + (kRowHeight - kBarHeight) / 2;
  const std::string name = escape_xml(span.name);
  svg += fmt::format(
      R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{}" rx="2" fill="{}" stroke="#333" )"
      R"(stroke-width="0.5"><title>{} ({}): {:.1f} µs to {:.1f} µs</title></rect>)",
      x, y, width, kBarHeight, colour_of(span.name), name, escape_xml(span.lane), span.begin_us,
      span.end_us);
  if (static_cast<double>(span.name.size()) * kCharacterWidth + 6 < width) {
    svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" class="bar">{}</text>)", x + 3,
                       y + kBarHeight - 5, name);
  }
  svg += '\n';
}

}  // namespace

std::string to_gantt_svg(const std::vector<TimelineSpan>& spans, const std::string& title) {
  const auto lanes = lanes_in_order(spans);
  const double height = kTop + static_cast<double>(lanes.size()) * kRowHeight + kAxisHeight;
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}">)"
      "\n<style>text {{ font-family: sans-serif; font-size: 11px; }} "
      ".title {{ font-size: 15px; font-weight: bold; }} .axis {{ fill: #444; }}</style>\n"
      R"(<rect width="100%" height="100%" fill="white"/>)"
      "\n<text x=\"{2}\" y=\"24\" class=\"title\">{3}</text>\n",
      kWidth, height, kLabelColumn, escape_xml(title));
  if (spans.empty()) {
    return svg + R"(<text x="110" y="60">(nothing was recorded)</text></svg>)" + "\n";
  }
  const double start = std::ranges::min(spans, {}, &TimelineSpan::begin_us).begin_us;
  const double end = std::ranges::max(spans, {}, &TimelineSpan::end_us).end_us;
  const Scale scale{start, (kWidth - kLabelColumn - kRightMargin) / std::max(end - start, 1.0)};
  draw_axis(svg, scale, end, kTop + static_cast<double>(lanes.size()) * kRowHeight);
  for (std::size_t row = 0; row < lanes.size(); ++row) {
    const double row_y = kTop + static_cast<double>(row) * kRowHeight;
    const auto& [pid, lane] = lanes[row];
    svg += fmt::format(R"(<text x="8" y="{:.1f}">{}</text>)", row_y + kRowHeight / 2 + 4,
                       escape_xml(lane));
    svg += '\n';
    for (const TimelineSpan& span : spans) {
      if (span.pid == pid && span.lane == lane) {
        draw_bar(svg, span, scale, row_y);
      }
    }
  }
  return svg + "</svg>\n";
}

void write_gantt_svg(const Timeline& timeline, const std::filesystem::path& path,
                     const std::string& title) {
  detail::write_text_file(path, to_gantt_svg(timeline.spans(), title));
}

}  // namespace conclab
