#include "parallel_for_each.hpp"

#include <atomic>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace lab02 {

namespace {

/// Keeps the first exception that any thread reports.
class FirstError {
 public:
  /// Keeps the exception being handled, unless one was kept already.
  void keep_current() {
    const std::scoped_lock lock(mutex_);
    if (!error_) {
      error_ = std::current_exception();
    }
  }

  /// Throws the kept exception, if there is one. Call it once the threads have finished.
  void rethrow_if_any() const {
    if (error_) {
      std::rethrow_exception(error_);
    }
  }

 private:
  std::mutex mutex_;
  std::exception_ptr error_;
};

}  // namespace

void parallel_for_each(std::span<const std::string> items, std::size_t threads,
                       const std::function<void(const std::string&)>& body) {
  if (threads == 0) {
    throw std::invalid_argument("parallel_for_each needs at least one thread");
  }
  // The position of the next item nobody has taken: one atomic step both reads and advances
  // it, so no two threads ever take the same item.
  std::atomic<std::size_t> next = 0;
  FirstError first_error;
  {
    std::vector<std::jthread> workers;
    workers.reserve(threads);
    for (std::size_t worker = 0; worker < threads; ++worker) {
      workers.emplace_back([&] {
        for (std::size_t i = next.fetch_add(1); i < items.size(); i = next.fetch_add(1)) {
          try {
            body(items[i]);
          } catch (...) {
            first_error.keep_current();
          }
        }
      });
    }
  }  // every jthread joins here
  first_error.rethrow_if_any();
}

}  // namespace lab02
