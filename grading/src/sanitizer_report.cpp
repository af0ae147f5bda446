#include "conclab/grading/sanitizer_report.hpp"

#include <optional>

#include "conclab/grading/text.hpp"

namespace conclab::grading {

namespace {

constexpr std::size_t kFramesPerAccess = 2;
constexpr std::string_view kRunMarker = "[ RUN      ] ";

/// How one sanitizer lays out its reports.
struct ReportFormat {
  /// What the first line of every report holds.
  std::string_view marker;
  /// The first line as the student sees it, without what differs from run to run.
  std::string (*first_line)(std::string_view line);
  /// True for the line after a report's last.
  bool (*ends_report)(std::string_view line);
  /// A section heading (an access, a free, an allocation...), as the student sees it, or
  /// nothing when `line` is no heading.
  std::optional<std::string> (*heading)(std::string_view line);
  /// True for a heading of a section that says where memory or threads came from, not who
  /// touched it: left out.
  bool (*is_background)(std::string_view heading);
};

/// A stack frame line: "    #0 count_with_mutex(...) /path/counters.cpp:20 (race_test+0x12)".
bool is_frame(std::string_view line) {
  return trim(line).starts_with('#');
}

/// `text` without a last parenthesised part " (...)" for which `is_noise` holds.
std::string without_suffix(std::string_view text, bool (*is_noise)(std::string_view inside)) {
  const std::size_t open = text.rfind(" (");
  if (!text.ends_with(')') || open == std::string_view::npos) {
    return std::string(text);
  }
  const std::string_view inside = text.substr(open + 2, text.size() - open - 3);
  return is_noise(inside) ? std::string(text.substr(0, open)) : std::string(text);
}

/// "race_test+0x12ab": a module and an offset.
bool is_module_offset(std::string_view inside) {
  const std::size_t plus = inside.rfind("+0x");
  return plus != std::string_view::npos &&
         inside.substr(plus + 3).find_first_not_of("0123456789abcdefABCDEF") ==
             std::string_view::npos &&
         plus + 3 < inside.size();
}

/// "pid=1234".
bool is_pid(std::string_view inside) {
  return inside.starts_with("pid=") && is_digits(inside.substr(4));
}

/// A frame without the module and offset, and without AddressSanitizer's program counter:
/// "    #0 0x55d2 in add() x.cpp:20 (race_test+0x12)" becomes "    #0 add() x.cpp:20".
std::string clean_frame(std::string_view line, const std::filesystem::path& root) {
  std::string frame = without_suffix(relative_to_root(line, root), is_module_offset);
  const std::size_t pc = frame.find(" 0x");
  const std::size_t in = frame.find(" in ", pc == std::string::npos ? 0 : pc);
  if (pc != std::string::npos && in != std::string::npos &&
      frame.find_first_not_of("0123456789abcdefx", pc + 1) == in) {
    frame.erase(pc, in + 3 - pc);
  }
  return frame;
}

/// True for a frame in the repository's own code rather than the standard library, the
/// sanitizer runtime or the system.
bool is_own_frame(std::string_view line, const std::filesystem::path& root) {
  return line.find(root.string() + "/") != std::string_view::npos;
}

// ThreadSanitizer: "WARNING: ThreadSanitizer: data race (pid=1234)", sections headed by two
// spaces and a colon ("  Read of size 8 at 0x... by thread T2:"), a SUMMARY line, a rule.

std::string tsan_first_line(std::string_view line) {
  return without_suffix(line.substr(line.find(kTsanWarning)), is_pid);
}

bool tsan_ends_report(std::string_view line) {
  return line.starts_with("SUMMARY: ThreadSanitizer") || line.starts_with("==================");
}

std::optional<std::string> tsan_heading(std::string_view line) {
  if (line.starts_with("  ") && !line.starts_with("   ") && trim(line).ends_with(':')) {
    return std::string(line);
  }
  return std::nullopt;
}

bool tsan_is_background(std::string_view heading) {
  const std::string_view text = trim(heading);
  return text.starts_with("Location is") || text.starts_with("Thread T") ||
         (text.starts_with("Mutex M") && text.find("created at") != std::string_view::npos);
}

// AddressSanitizer: "==1234==ERROR: AddressSanitizer: heap-use-after-free on address 0x...
// at pc 0x... bp 0x... sp 0x...", sections headed at the line's start ("READ of size 4 at
// 0x... thread T1", "freed by thread T0 here:"), some lines after the process's "==1234==".

/// `line` without AddressSanitizer's "==1234==" in front.
std::string_view without_pid_prefix(std::string_view line) {
  if (line.starts_with("==")) {
    const std::size_t close = line.find("==", 2);
    if (close != std::string_view::npos && is_digits(line.substr(2, close - 2))) {
      return line.substr(close + 2);
    }
  }
  return line;
}

std::string asan_first_line(std::string_view line) {
  const std::string_view from_marker = line.substr(line.find(kAsanError));
  const std::size_t registers = std::min(from_marker.find(" at pc "), from_marker.find(" (pc "));
  return std::string(from_marker.substr(0, registers));
}

bool asan_ends_report(std::string_view line) {
  return line.starts_with("SUMMARY: AddressSanitizer") || without_pid_prefix(line) == "ABORTING";
}

std::optional<std::string> asan_heading(std::string_view line) {
  const std::string_view text = without_pid_prefix(line);
  if (text.empty() || text.starts_with(' ') || text.starts_with('\t')) {
    return std::nullopt;
  }
  return "  " + std::string(text);
}

bool asan_is_background(std::string_view heading) {
  const std::string_view text = trim(heading);
  return text.starts_with("Thread T") || text.starts_with("0x") || text.starts_with("HINT") ||
         text.starts_with("AddressSanitizer can not") || text.starts_with("Shadow");
}

// UndefinedBehaviorSanitizer: "x.cpp:12:5: runtime error: store to null pointer of type
// 'long'", its stack (UBSAN_OPTIONS=print_stacktrace=1) right after, then a SUMMARY line.

std::string ubsan_first_line(std::string_view line) {
  return std::string(line);
}

bool ubsan_ends_report(std::string_view line) {
  return line.starts_with("SUMMARY: UndefinedBehaviorSanitizer") || !is_frame(line);
}

std::optional<std::string> no_heading(std::string_view /*line*/) {
  return std::nullopt;
}

bool never_background(std::string_view /*heading*/) {
  return false;
}

constexpr ReportFormat kThreadSanitizer = {kTsanWarning, tsan_first_line, tsan_ends_report,
                                           tsan_heading, tsan_is_background};
constexpr ReportFormat kAddressSanitizer = {kAsanError, asan_first_line, asan_ends_report,
                                            asan_heading, asan_is_background};
constexpr ReportFormat kUndefinedBehaviorSanitizer = {
    kUbsanError, ubsan_first_line, ubsan_ends_report, no_heading, never_background};

/// Reads one report from its first line on, keeping each section's heading and two frames.
class ReportTrimmer {
 public:
  ReportTrimmer(const ReportFormat& format, std::string test, std::string_view first,
                const std::filesystem::path& root)
      : format_(format), root_(root) {
    report_.test = std::move(test);
    report_.lines.push_back(relative_to_root(format_.first_line(first), root_));
  }

  /// Takes the next line; false once the report has ended.
  bool take(std::string_view line) {
    if (format_.ends_report(line) || line.find(format_.marker) != std::string_view::npos) {
      return false;
    }
    if (const auto heading = format_.heading(line)) {
      end_section();
      keeping_ = !format_.is_background(*heading);
      if (keeping_) {
        report_.lines.push_back(relative_to_root(*heading, root_));
      }
    } else if (keeping_ && is_frame(line)) {
      frames_.emplace_back(line);
    }
    return true;
  }

  SanitizerReport finish() {
    end_section();
    return std::move(report_);
  }

 private:
  /// Keeps the section's first two frames in the repository's code (the first two frames
  /// when none is): those say which line of the lab did it.
  void end_section() {
    std::vector<std::string> chosen;
    for (const std::string& frame : frames_) {
      if (is_own_frame(frame, root_) && chosen.size() < kFramesPerAccess) {
        chosen.push_back(frame);
      }
    }
    for (std::size_t i = 0; chosen.empty() && i < frames_.size() && i < kFramesPerAccess; ++i) {
      report_.lines.push_back(clean_frame(frames_[i], root_));
    }
    for (const std::string& frame : chosen) {
      report_.lines.push_back(clean_frame(frame, root_));
    }
    frames_.clear();
  }

  const ReportFormat& format_;
  const std::filesystem::path& root_;
  SanitizerReport report_;
  bool keeping_ = true;  // frames right after the first line (a double free) are kept
  std::vector<std::string> frames_;
};

std::vector<SanitizerReport> extract_reports(const ReportFormat& format, std::string_view output,
                                             const std::filesystem::path& root) {
  std::vector<SanitizerReport> reports;
  std::optional<ReportTrimmer> open;
  std::string current_test;
  for (const std::string& line : split_lines(output)) {
    if (open && !open->take(line)) {
      reports.push_back(open->finish());
      open.reset();
    }
    if (line.starts_with(kRunMarker)) {
      current_test = std::string(trim(line.substr(kRunMarker.size())));
    } else if (line.starts_with("[       OK ]") || line.starts_with("[  FAILED  ]") ||
               line.starts_with("[  SKIPPED ]")) {
      current_test.clear();
    } else if (line.find(format.marker) != std::string::npos) {
      open.emplace(format, current_test, line, root);
    }
  }
  if (open) {
    reports.push_back(open->finish());
  }
  return reports;
}

}  // namespace

std::string_view SanitizerReport::sanitizer() const {
  if (!lines.empty() && lines.front().starts_with(kAsanError)) {
    return "AddressSanitizer";
  }
  if (!lines.empty() && lines.front().find(kUbsanError) != std::string::npos) {
    return "UndefinedBehaviorSanitizer";
  }
  return "ThreadSanitizer";
}

std::vector<SanitizerReport> extract_tsan_reports(std::string_view output,
                                                  const std::filesystem::path& root) {
  return extract_reports(kThreadSanitizer, output, root);
}

std::vector<SanitizerReport> extract_asan_reports(std::string_view output,
                                                  const std::filesystem::path& root) {
  return extract_reports(kAddressSanitizer, output, root);
}

std::vector<SanitizerReport> extract_ubsan_reports(std::string_view output,
                                                   const std::filesystem::path& root) {
  return extract_reports(kUndefinedBehaviorSanitizer, output, root);
}

std::vector<SanitizerReport> extract_sanitizer_reports(std::string_view output,
                                                       const std::filesystem::path& root) {
  std::vector<SanitizerReport> reports = extract_tsan_reports(output, root);
  for (auto* extract : {extract_asan_reports, extract_ubsan_reports}) {
    std::vector<SanitizerReport> more = extract(output, root);
    reports.insert(reports.end(), std::make_move_iterator(more.begin()),
                   std::make_move_iterator(more.end()));
  }
  return reports;
}

}  // namespace conclab::grading
