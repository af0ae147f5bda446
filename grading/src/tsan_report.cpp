#include "conclab/grading/tsan_report.hpp"

#include <optional>

#include "conclab/grading/text.hpp"

namespace conclab::grading {

namespace {

constexpr std::size_t kFramesPerAccess = 2;
constexpr std::string_view kRunMarker = "[ RUN      ] ";

/// A stack frame line: "    #0 count_with_mutex(...) /path/counters.cpp:20 (race_test+0x12)".
bool is_frame(std::string_view line) {
  return trim(line).starts_with('#');
}

/// The end of a report: the SUMMARY line or the "=====" rule after it.
bool ends_report(std::string_view line) {
  return line.starts_with("SUMMARY: ThreadSanitizer") || line.starts_with("==================");
}

/// A section heading of a report: two spaces, then text ending in ':'.
bool is_section_heading(std::string_view line) {
  return line.starts_with("  ") && !line.starts_with("   ") && trim(line).ends_with(':');
}

/// Sections that say where memory or threads came from, not who touched it: left out.
bool is_background_section(std::string_view heading) {
  const std::string_view text = trim(heading);
  return text.starts_with("Location is") || text.starts_with("Thread T") ||
         (text.starts_with("Mutex M") && text.find("created at") != std::string_view::npos);
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

/// A frame without the module and offset: "... counters.cpp:20 (race_test+0x12)" loses " (...)".
std::string clean_frame(std::string_view line, const std::filesystem::path& root) {
  return without_suffix(relative_to_root(line, root), is_module_offset);
}

/// "WARNING: ThreadSanitizer: data race (pid=1234)" without the pid.
std::string clean_warning(std::string_view line) {
  return without_suffix(line.substr(line.find(kTsanWarning)), is_pid);
}

/// True for a frame in the repository's own code rather than the standard library, the
/// sanitizer runtime or the system.
bool is_own_frame(std::string_view line, const std::filesystem::path& root) {
  return line.find(root.string() + "/") != std::string_view::npos;
}

/// Reads one report from its WARNING line on, keeping each access's heading and two frames.
class ReportTrimmer {
 public:
  ReportTrimmer(std::string test, std::string_view warning, const std::filesystem::path& root)
      : root_(root) {
    report_.test = std::move(test);
    report_.lines.push_back(clean_warning(warning));
  }

  /// Takes the next line; false once the report has ended.
  bool take(std::string_view line) {
    if (ends_report(line) || line.find(kTsanWarning) != std::string_view::npos) {
      return false;
    }
    if (is_section_heading(line)) {
      end_section();
      keeping_ = !is_background_section(line);
      if (keeping_) {
        report_.lines.push_back(relative_to_root(line, root_));
      }
    } else if (keeping_ && is_frame(line)) {
      frames_.emplace_back(line);
    }
    return true;
  }

  TsanReport finish() {
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

  const std::filesystem::path& root_;
  TsanReport report_;
  bool keeping_ = false;
  std::vector<std::string> frames_;
};

}  // namespace

std::vector<TsanReport> extract_tsan_reports(std::string_view output,
                                             const std::filesystem::path& root) {
  std::vector<TsanReport> reports;
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
    } else if (line.find(kTsanWarning) != std::string::npos) {
      open.emplace(current_test, line, root);
    }
  }
  if (open) {
    reports.push_back(open->finish());
  }
  return reports;
}

}  // namespace conclab::grading
