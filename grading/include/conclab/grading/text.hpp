/// @file text.hpp
/// @brief Small helpers for the line-oriented text that compilers and tests print.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace conclab::grading {

/// The lines of `text`, without their line endings ('\n' or "\r\n").
[[nodiscard]] std::vector<std::string> split_lines(std::string_view text);

/// The last `count` lines of `text` (fewer if it has fewer), without trailing blank lines.
[[nodiscard]] std::vector<std::string> last_lines(std::string_view text, std::size_t count);

/// `text` without leading and trailing white space.
[[nodiscard]] std::string_view trim(std::string_view text) noexcept;

/// `text` with every occurrence of "ROOT/" removed, so that absolute paths inside the
/// repository read as paths relative to it.
[[nodiscard]] std::string relative_to_root(std::string_view text,
                                           const std::filesystem::path& root);

/// A path from a build log or from debug information, as the user should see it: relative to
/// `root` when it lies inside it, as it is otherwise. A relative path is taken from `build_dir`
/// (the compiler ran there; ccache makes paths relative to it), when one is given.
[[nodiscard]] std::string source_path(std::string_view path, const std::filesystem::path& root,
                                      const std::filesystem::path& build_dir);

/// `text` broken into lines of at most `width` characters at spaces (longer words stay whole).
[[nodiscard]] std::vector<std::string> wrap(std::string_view text, std::size_t width);

/// True when `text` is one or more decimal digits and nothing else.
[[nodiscard]] bool is_digits(std::string_view text) noexcept;

/// "1 test", "3 tests": `count` and the noun, plural unless `count` is 1.
[[nodiscard]] std::string count_of(std::size_t count, std::string_view noun);

/// The whole content of `file`, byte for byte; empty when it cannot be read.
[[nodiscard]] std::string read_file(const std::filesystem::path& file);

/// `value` with `decimals` digits after the point: format_fixed(2.0 / 3, 1) is "0.7".
[[nodiscard]] std::string format_fixed(double value, int decimals);

/// The parts with `separator` between each two: join({"a", "b"}, ", ") is "a, b".
[[nodiscard]] std::string join(const std::vector<std::string>& parts, std::string_view separator);

/// The lines joined with '\n' between them.
[[nodiscard]] std::string join_lines(const std::vector<std::string>& lines);

}  // namespace conclab::grading
