/// @file scratch_files.hpp
/// @brief Files for the copier's tests: a scratch folder that cleans up after itself, files of
/// seeded random bytes, and a byte-for-byte comparison.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace lab04::testing {

/// A new, empty folder under the system's temporary folder, removed with everything in it when
/// the object is destroyed.
class ScratchDir {
 public:
  ScratchDir() : path_(unique_path()) { std::filesystem::create_directories(path_); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ScratchDir(ScratchDir&&) = delete;
  ScratchDir& operator=(ScratchDir&&) = delete;
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  /// The folder.
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  /// `name` inside the folder.
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const {
    return path_ / name;
  }

 private:
  static std::filesystem::path unique_path() {
    static std::atomic<int> counter = 0;
    return std::filesystem::temp_directory_path() /
           ("conclab-lab04-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  }

  std::filesystem::path path_;
};

/// `size` bytes drawn from a generator seeded with `seed`: the same seed, the same bytes.
inline std::vector<char> random_bytes(std::size_t size, std::uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::vector<char> bytes(size);
  for (std::size_t i = 0; i < size; i += 8) {
    const std::uint64_t word = generator();
    for (std::size_t j = 0; j < 8 && i + j < size; ++j) {
      bytes[i + j] = static_cast<char>((word >> (8 * j)) & 0xFFU);
    }
  }
  return bytes;
}

/// Writes `bytes` to a new file at `path`.
inline void write_file(const std::filesystem::path& path, const std::vector<char>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    throw std::runtime_error("cannot write test file " + path.string());
  }
}

/// Writes `size` seeded random bytes to a new file at `path`.
inline void write_random_file(const std::filesystem::path& path, std::size_t size,
                              std::uint64_t seed) {
  write_file(path, random_bytes(size, seed));
}

/// Everything in the file at `path` (empty when it cannot be read).
inline std::vector<char> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Whether the files at `a` and `b` both exist and hold the same bytes.
inline bool same_bytes(const std::filesystem::path& a, const std::filesystem::path& b) {
  return std::filesystem::is_regular_file(a) && std::filesystem::is_regular_file(b) &&
         std::filesystem::file_size(a) == std::filesystem::file_size(b) &&
         read_file(a) == read_file(b);
}

}  // namespace lab04::testing
