#include "conclab/grading/sanitizer_report.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

/// Where the paths of a report lead: the repository's root, and the build tree that relative
/// paths start from (source_path()).
struct SourcePlaces {
  const std::filesystem::path& root;
  const std::filesystem::path& build_dir;
};

/// Whether `path` (a word of a report, up to its ":LINE") names a source file: it has a folder
/// and its file name an extension. Counts ("1/2") and addresses are no paths.
bool is_source_path(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash != std::string_view::npos && path.find('.', slash) != std::string_view::npos &&
         (path.front() == '/' || path.front() == '.' ||
          std::isalnum(static_cast<unsigned char>(path.front())) != 0);
}

/// A path of a build tree as the student knows it: a grader slot's copy of a student file,
/// [build/PRESET/]grade/LAB/slotK/src/FILE, as the lab's own labs/LAB/FILE; a build tree's copy
/// of the solution's files, build/PRESET/labs/LAB/solution/src/FILE, as solutions/LAB/FILE
/// when the solution has that file, and otherwise (a file the lab gives) as labs/LAB/FILE.
/// Any other path as it is.
std::string as_lab_file(const std::string& path, const std::filesystem::path& root) {
  std::vector<std::string> parts;
  for (const std::filesystem::path& part : std::filesystem::path(path)) {
    parts.push_back(part.string());
  }
  const std::size_t at = parts.size() > 2 && parts[0] == "build" ? 2 : 0;  // after build/PRESET
  const auto file_in = [&](const std::string& folder) {
    std::string file = folder + "/" + parts[at + 1];
    for (std::size_t part = at + 4; part < parts.size(); ++part) {
      file += "/" + parts[part];
    }
    return file;
  };
  const bool slot_copy = parts.size() > at + 4 && parts[at] == "grade" &&
                         parts[at + 2].size() > 4 && parts[at + 2].starts_with("slot") &&
                         is_digits(std::string_view(parts[at + 2]).substr(4)) &&
                         parts[at + 3] == "src";
  if (slot_copy) {
    return file_in("labs");
  }
  const bool solution_copy = at == 2 && parts.size() > at + 4 && parts[at] == "labs" &&
                             parts[at + 2] == "solution" && parts[at + 3] == "src";
  if (solution_copy) {
    const std::string solution_file = file_in("solutions");
    return std::filesystem::exists(root / solution_file) ? solution_file : file_in("labs");
  }
  return path;
}

/// One word of a report, its path (if it is one) as the student knows it.
std::string shown_word(std::string_view word, const SourcePlaces& places) {
  const std::size_t colon = word.find(':');
  const std::string_view path = word.substr(0, colon);
  if (!is_source_path(path)) {
    return std::string(word);
  }
  return as_lab_file(source_path(path, places.root, places.build_dir), places.root) +
         std::string(colon == std::string_view::npos ? "" : word.substr(colon));
}

/// `text` with its source paths as a student knows them, from the repository's root. The
/// debug information holds absolute paths, or, where ccache compiled, paths relative to the
/// build tree; a build tree's copy of a lab's file reads as the file it copies (as_lab_file()).
/// A root path left inside a word ("(/root/...+0x12)") loses its root too.
std::string repository_paths(std::string_view text, const SourcePlaces& places) {
  std::string result;
  std::size_t from = 0;
  while (from < text.size()) {
    const std::size_t start = std::min(text.find_first_not_of(' ', from), text.size());
    const std::size_t end = std::min(text.find(' ', start), text.size());
    result.append(text.substr(from, start - from));
    result += shown_word(text.substr(start, end - start), places);
    from = end;
  }
  return relative_to_root(result, places.root);
}

/// A frame as the student reads it: without the module and offset, without
/// AddressSanitizer's program counter, paths from the repository's root:
/// "    #0 0x55d2 in add() /root/labs/x.cpp:20 (race_test+0x12)" becomes "    #0 add()
/// labs/x.cpp:20".
std::string clean_frame(std::string_view line, const SourcePlaces& places) {
  std::string frame = without_suffix(repository_paths(line, places), is_module_offset);
  const std::size_t pc = frame.find(" 0x");
  const std::size_t in = frame.find(" in ", pc == std::string::npos ? 0 : pc);
  if (pc != std::string::npos && in != std::string::npos &&
      frame.find_first_not_of("0123456789abcdefx", pc + 1) == in) {
    frame.erase(pc, in + 3 - pc);
  }
  return frame;
}

/// True for a cleaned frame (clean_frame) in the repository's own code: it ends in a place
/// "DIR/FILE:LINE" with a path from the root, where the standard library, the sanitizer runtime
/// and the system have absolute paths ("/usr/include/...") or paths above the build tree
/// ("../sysdeps/..."), and code without debug information has no place at all.
bool is_own_frame(std::string_view frame) {
  const std::string_view place = frame.substr(frame.rfind(' ') + 1);
  const std::size_t colon = place.find(':');
  return colon != std::string_view::npos && place.find('/') < colon && !place.starts_with('/') &&
         !place.starts_with('.') &&
         is_digits(place.substr(colon + 1, place.find(':', colon + 1) - colon - 1));
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
                const SourcePlaces& places)
      : format_(format), places_(places) {
    report_.test = std::move(test);
    report_.lines.push_back(repository_paths(format_.first_line(first), places_));
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
        report_.lines.push_back(repository_paths(*heading, places_));
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
    std::vector<std::string> frames;
    std::vector<std::string> own;
    for (const std::string& line : frames_) {
      frames.push_back(clean_frame(line, places_));
      if (is_own_frame(frames.back()) && own.size() < kFramesPerAccess) {
        own.push_back(frames.back());
      }
    }
    if (own.empty() && !frames.empty()) {
      own.assign(frames.begin(), frames.begin() + static_cast<std::ptrdiff_t>(
                                                      std::min(frames.size(), kFramesPerAccess)));
    }
    report_.lines.insert(report_.lines.end(), own.begin(), own.end());
    frames_.clear();
  }

  const ReportFormat& format_;
  SourcePlaces places_;
  SanitizerReport report_;
  bool keeping_ = true;  // frames right after the first line (a double free) are kept
  std::vector<std::string> frames_;
};

std::vector<SanitizerReport> extract_reports(const ReportFormat& format, std::string_view output,
                                             const SourcePlaces& places) {
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
      open.emplace(format, current_test, line, places);
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
                                                  const std::filesystem::path& root,
                                                  const std::filesystem::path& build_dir) {
  return extract_reports(kThreadSanitizer, output, {root, build_dir});
}

std::vector<SanitizerReport> extract_asan_reports(std::string_view output,
                                                  const std::filesystem::path& root,
                                                  const std::filesystem::path& build_dir) {
  return extract_reports(kAddressSanitizer, output, {root, build_dir});
}

std::vector<SanitizerReport> extract_ubsan_reports(std::string_view output,
                                                   const std::filesystem::path& root,
                                                   const std::filesystem::path& build_dir) {
  return extract_reports(kUndefinedBehaviorSanitizer, output, {root, build_dir});
}

std::vector<SanitizerReport> extract_sanitizer_reports(std::string_view output,
                                                       const std::filesystem::path& root,
                                                       const std::filesystem::path& build_dir) {
  std::vector<SanitizerReport> reports = extract_tsan_reports(output, root, build_dir);
  for (auto* extract : {extract_asan_reports, extract_ubsan_reports}) {
    std::vector<SanitizerReport> more = extract(output, root, build_dir);
    reports.insert(reports.end(), std::make_move_iterator(more.begin()),
                   std::make_move_iterator(more.end()));
  }
  return reports;
}

}  // namespace conclab::grading
