#include "connection_workers.hpp"

#include <pthread.h>

#include <algorithm>
#include <utility>

namespace conclab::server {

ConnectionWorkers::ConnectionWorkers(std::size_t prestarted, std::size_t max_workers)
    : max_workers_(std::max<std::size_t>(max_workers, 1)) {
  const std::scoped_lock lock(mutex_);
  workers_.reserve(max_workers_);
  for (std::size_t i = 0; i < std::min(prestarted, max_workers_); ++i) {
    start_worker();
  }
}

ConnectionWorkers::~ConnectionWorkers() {
  shutdown();
}

void ConnectionWorkers::enqueue(std::function<void()> connection) {
  {
    const std::scoped_lock lock(mutex_);
    waiting_.push_back(std::move(connection));
    if (idle_workers_ < waiting_.size() && workers_.size() < max_workers_) {
      start_worker();
    }
  }
  connection_waiting_.notify_one();
}

void ConnectionWorkers::shutdown() {
  std::vector<std::jthread> workers;
  {
    const std::scoped_lock lock(mutex_);
    shutting_down_ = true;
    workers.swap(workers_);
  }
  connection_waiting_.notify_all();
  workers.clear();  // joins each
}

void ConnectionWorkers::start_worker() {
  workers_.emplace_back([this] { work(); });
}

void ConnectionWorkers::work() {
  // A name for thread listings (the watchdog's report, gdb, top -H); at most 15 characters.
  ::pthread_setname_np(::pthread_self(), "api-server");
  std::unique_lock lock(mutex_);
  for (;;) {
    ++idle_workers_;
    connection_waiting_.wait(lock, [&] { return !waiting_.empty() || shutting_down_; });
    --idle_workers_;
    if (waiting_.empty()) {
      return;  // shutting down, nothing left to serve
    }
    std::function<void()> connection = std::move(waiting_.front());
    waiting_.pop_front();
    lock.unlock();
    connection();
    lock.lock();
  }
}

}  // namespace conclab::server
