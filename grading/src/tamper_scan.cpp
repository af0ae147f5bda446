#include "conclab/grading/tamper_scan.hpp"

#include <array>
#include <string_view>

#include "conclab/grading/text.hpp"

namespace conclab::grading {

namespace {

/// A text no lab's task needs, and what a line holding it does.
struct Sign {
  std::string_view needle;
  std::string_view why;
};

constexpr std::array kSigns = {
    Sign{"gtest", "names GoogleTest, the harness that reports the tests"},
    Sign{"GTEST", "names GoogleTest, the harness that reports the tests"},
    Sign{"testing::", "reaches into GoogleTest's own objects"},
    Sign{"testsuites", "writes GoogleTest's report format"},
    Sign{"report.json", "names the grader's report file"},
    Sign{"/proc/self/cmdline", "reads the harness's command line"},
    Sign{"program_invocation", "reads the harness's command line"},
    Sign{"/proc/self/environ", "reads the harness's environment"},
    Sign{"CONCLAB_", "reads the grader's own settings"},
    Sign{"atexit", "runs code after the tests have ended"},
    Sign{"LD_PRELOAD", "loads code into the harness"},
    Sign{"dlsym", "replaces functions of the harness at run time"},
};

/// The part of `line` before a `//` comment.
std::string_view code_of(std::string_view line) {
  return line.substr(0, line.find("//"));
}

}  // namespace

std::vector<Suspicion> scan_for_tampering(const std::map<std::string, std::string>& files) {
  std::vector<Suspicion> found;
  for (const auto& [name, text] : files) {
    const std::vector<std::string> lines = split_lines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string_view code = code_of(lines[i]);
      for (const Sign& sign : kSigns) {
        if (code.find(sign.needle) != std::string_view::npos) {
          found.push_back({name, i + 1, std::string(trim(lines[i])), std::string(sign.why)});
          break;  // one reason per line is enough to send the instructor there
        }
      }
    }
  }
  return found;
}

std::string describe(const Suspicion& suspicion) {
  return suspicion.file + ":" + std::to_string(suspicion.line) + ": " + suspicion.why + ": `" +
         suspicion.text + "`";
}

}  // namespace conclab::grading
