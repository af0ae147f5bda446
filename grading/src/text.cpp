#include "conclab/grading/text.hpp"

#include <fstream>
#include <iomanip>
#include <sstream>

namespace conclab::grading {

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (line.ends_with('\r')) {
      line.remove_suffix(1);
    }
    lines.emplace_back(line);
    if (end == std::string_view::npos) {
      break;
    }
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::vector<std::string> last_lines(std::string_view text, std::size_t count) {
  std::vector<std::string> lines = split_lines(text);
  while (!lines.empty() && trim(lines.back()).empty()) {
    lines.pop_back();
  }
  if (lines.size() > count) {
    lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(count));
  }
  return lines;
}

std::string_view trim(std::string_view text) noexcept {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) {
    return {};
  }
  const std::size_t last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

std::string source_path(std::string_view path, const std::filesystem::path& root,
                        const std::filesystem::path& build_dir) {
  std::filesystem::path full(path);
  if (full.is_relative() && !build_dir.empty()) {
    full = (build_dir / full).lexically_normal();
  }
  if (full.is_absolute()) {
    const std::filesystem::path relative = full.lexically_relative(root);
    if (!relative.empty() && *relative.begin() != "..") {
      return relative.string();
    }
  }
  return std::string(path);
}

std::string relative_to_root(std::string_view text, const std::filesystem::path& root) {
  std::string prefix = root.lexically_normal().string();
  if (prefix.empty()) {
    return std::string(text);
  }
  if (!prefix.ends_with('/')) {
    prefix += '/';
  }
  std::string result;
  std::size_t from = 0;
  for (std::size_t at = text.find(prefix); at != std::string_view::npos;
       at = text.find(prefix, from)) {
    result.append(text.substr(from, at - from));
    from = at + prefix.size();
  }
  result.append(text.substr(from));
  return result;
}

std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  while (!text.empty()) {
    text = trim(text);
    const std::size_t end = std::min(text.find(' '), text.size());
    const std::string_view word = text.substr(0, end);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(std::move(line));
      line.clear();
    }
    if (!line.empty()) {
      line += ' ';
    }
    line.append(word);
    text.remove_prefix(end);
  }
  if (!line.empty()) {
    lines.push_back(std::move(line));
  }
  return lines;
}

bool is_digits(std::string_view text) noexcept {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string count_of(std::size_t count, std::string_view noun) {
  std::string result = std::to_string(count) + " " + std::string(noun);
  if (count != 1) {
    result += 's';
  }
  return result;
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string format_fixed(double value, int decimals) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(decimals) << value;
  return text.str();
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    joined += (i == 0 ? "" : std::string(separator)) + parts[i];
  }
  return joined;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string joined;
  for (const std::string& line : lines) {
    joined += (joined.empty() ? "" : "\n") + line;
  }
  return joined;
}

}  // namespace conclab::grading
