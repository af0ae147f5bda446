#include "file_copier.hpp"

#include <system_error>

#include "worker_pool.hpp"

namespace lab04 {

CopyResult copy_one_file(const CopyJob& job) {
  // The overloads that take a std::error_code report failures there instead of throwing.
  std::error_code error;
  std::filesystem::copy_file(job.source, job.destination,
                             std::filesystem::copy_options::overwrite_existing, error);
  std::uintmax_t bytes = 0;
  if (!error) {
    bytes = std::filesystem::file_size(job.destination, error);
  }
  if (error) {
    return {.copied = false,
            .bytes = 0,
            .error = "cannot copy " + job.source.string() + " to " + job.destination.string() +
                     ": " + error.message()};
  }
  return {.copied = true, .bytes = bytes, .error = {}};
}

std::vector<CopyResult> copy_files(std::span<const CopyJob> jobs, std::size_t workers) {
  std::vector<CopyResult> results(jobs.size());
  WorkerPool pool(workers);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    // Each job writes only its own element of `results`, so the workers share nothing that
    // needs a lock; join() below makes their writes visible to this thread.
    pool.submit([&results, &jobs, i] { results[i] = copy_one_file(jobs[i]); });
  }
  pool.join();  // like the seed's compress_queue.join(): every copy has finished
  return results;
}  // the pool's destructor sends the pills and joins the workers

}  // namespace lab04
