#include "thread_session.hpp"

#include <stdexcept>

#include "parallel_for_each.hpp"

namespace lab02 {

Session& this_threads_session() {
  // TODO(task 2): return the calling thread's own session, created the first time this thread
  // asks. One keyword of C++ does most of the work.
  throw std::logic_error("this_threads_session() is not written yet (task 2)");
}

std::size_t download_all_sites(const std::string& base_url, std::span<const std::string> paths,
                               std::size_t threads) {
  // TODO(task 2): download every path with parallel_for_each on `threads` threads, each thread
  // through this_threads_session(), and add up the sizes of the bodies.
  static_cast<void>(base_url);
  static_cast<void>(paths);
  static_cast<void>(threads);
  return 0;
}

}  // namespace lab02
