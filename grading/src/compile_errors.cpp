#include "conclab/grading/compile_errors.hpp"

#include <cctype>
#include <initializer_list>
#include <optional>

#include "conclab/grading/text.hpp"

namespace conclab::grading {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kContextLines = 4;

/// The parts of a compiler diagnostic line "PATH:LINE:COL: SEVERITY: MESSAGE".
struct Diagnostic {
  std::string_view path;
  std::string_view line;
  std::string_view column;
  std::string_view severity;
  std::string_view message;
};

/// `text` as a diagnostic of one of `severities`, if it is one.
std::optional<Diagnostic> parse_diagnostic(std::string_view text,
                                           std::initializer_list<std::string_view> severities) {
  for (const std::string_view severity : severities) {
    const std::string marker = ": " + std::string(severity) + ": ";
    const std::size_t at = text.find(marker);
    if (at == std::string_view::npos) {
      continue;
    }
    const std::string_view place = text.substr(0, at);  // PATH:LINE:COL
    const std::size_t column_colon = place.rfind(':');
    if (column_colon == std::string_view::npos || column_colon == 0) {
      continue;
    }
    const std::size_t line_colon = place.rfind(':', column_colon - 1);
    if (line_colon == std::string_view::npos || line_colon == 0 ||
        std::isspace(static_cast<unsigned char>(place.front())) != 0) {
      continue;
    }
    Diagnostic diagnostic{
        place.substr(0, line_colon), place.substr(line_colon + 1, column_colon - line_colon - 1),
        place.substr(column_colon + 1), severity, text.substr(at + marker.size())};
    if (is_digits(diagnostic.line) && is_digits(diagnostic.column)) {
      return diagnostic;
    }
  }
  return std::nullopt;
}

/// "PATH:LINE:COL: error: MESSAGE" or "PATH:LINE:COL: fatal error: MESSAGE".
std::optional<Diagnostic> parse_error(std::string_view text) {
  return parse_diagnostic(text, {"fatal error", "error"});
}

/// A linker line: "/usr/bin/ld: PATH:LINE: undefined reference to `f()'" and its kin.
bool is_linker_error(std::string_view line) {
  return line.find("undefined reference to") != std::string_view::npos;
}

/// True for a line that starts a new message rather than continuing the error before it.
bool ends_context(std::string_view line) {
  return trim(line).empty() || line.starts_with("FAILED:") || line.starts_with("ninja:") ||
         line.starts_with("[") || line.starts_with("collect2:") || line.starts_with("make") ||
         line.starts_with("compilation terminated") || line.starts_with("In file included") ||
         is_linker_error(line) || parse_diagnostic(line, {"fatal error", "error", "warning"});
}

std::string rewrite_headline(const std::string& line, const fs::path& root,
                             const fs::path& build_dir) {
  const auto error = parse_error(line);
  if (!error) {
    return relative_to_root(line, root);
  }
  return source_path(error->path, root, build_dir) + ":" + std::string(error->line) + ":" +
         std::string(error->column) + ": " + std::string(error->severity) + ": " +
         std::string(error->message);
}

}  // namespace

std::optional<CompileError> first_compile_error(std::string_view log, const fs::path& repo_root,
                                                const fs::path& build_dir) {
  const std::vector<std::string> lines = split_lines(log);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!parse_error(lines[i]) && !is_linker_error(lines[i])) {
      continue;
    }
    CompileError error;
    error.headline = rewrite_headline(lines[i], repo_root, build_dir);
    for (std::size_t j = i + 1; j < lines.size() && error.context.size() < kContextLines; ++j) {
      if (ends_context(lines[j])) {
        break;
      }
      error.context.push_back(relative_to_root(lines[j], repo_root));
    }
    return error;
  }
  return std::nullopt;
}

}  // namespace conclab::grading
