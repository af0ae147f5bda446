/// @file file_copier.hpp
/// @brief Task 4: copy many files at once with a pool of workers, reporting each failure on
/// its own file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace lab04 {

/// One file to copy: seed 003's `{'v1.mp4': 'v11.mp4'}`.
struct CopyJob {
  std::filesystem::path source;       ///< The file to read.
  std::filesystem::path destination;  ///< Where the copy goes; an existing file is replaced.
};

/// How one CopyJob went.
struct CopyResult {
  bool copied = false;       ///< Whether the destination now holds an exact copy of the source.
  std::uintmax_t bytes = 0;  ///< The size of the copy (0 when it failed).
  std::string error;         ///< What went wrong, naming the file; empty when copied.
};

/// Copies `job.source` to `job.destination`, replacing a file already there. Never throws for
/// a file that cannot be copied (a missing source, a destination that cannot be written): it
/// returns a result that says what went wrong instead.
CopyResult copy_one_file(const CopyJob& job);

/// Copies every file of `jobs` with a WorkerPool of `workers` threads, and returns one result
/// per job: result i belongs to jobs[i]. A file that fails does not stop the others. Returns
/// once every copy has finished.
/// @throws std::invalid_argument when `workers` is 0.
std::vector<CopyResult> copy_files(std::span<const CopyJob> jobs, std::size_t workers);

}  // namespace lab04
