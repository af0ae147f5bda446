#include "file_copier.hpp"

#include "worker_pool.hpp"

namespace lab04 {

CopyResult copy_one_file(const CopyJob& job) {
  // TODO(task 4): copy the file with std::filesystem::copy_file, replacing an existing
  // destination. Use the overloads that take a std::error_code: turn a failure into a result
  // whose error names the file, instead of an exception.
  static_cast<void>(job);
  return {};
}

std::vector<CopyResult> copy_files(std::span<const CopyJob> jobs, std::size_t workers) {
  // TODO(task 4): start a WorkerPool of `workers` workers, submit one job per file that stores
  // copy_one_file's result in its own element of the results, and wait until every job is
  // done before returning them.
  static_cast<void>(workers);
  return std::vector<CopyResult>(jobs.size());
}

}  // namespace lab04
