// The threads that serve connections: cpp-httplib hands each accepted connection to a
// TaskQueue, and its default one has only 8 threads.
#pragma once

#include <httplib.h>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace conclab::server {

/// A pool of up to `max_workers` threads, `prestarted` of them started at once and the rest
/// when a connection arrives and no worker is free. A connection keeps its worker until it
/// closes (the whole keep-alive session), so the pool must be as large as the number of
/// connections that may be open at once; beyond `max_workers`, connections wait in a queue.
class ConnectionWorkers final : public httplib::TaskQueue {
 public:
  ConnectionWorkers(std::size_t prestarted, std::size_t max_workers);
  ConnectionWorkers(const ConnectionWorkers&) = delete;
  ConnectionWorkers& operator=(const ConnectionWorkers&) = delete;
  ConnectionWorkers(ConnectionWorkers&&) = delete;
  ConnectionWorkers& operator=(ConnectionWorkers&&) = delete;
  ~ConnectionWorkers() override;

  /// Runs `connection` (httplib's "serve this socket") on a free worker.
  void enqueue(std::function<void()> connection) override;
  /// Serves the connections still queued, then stops and joins every worker.
  void shutdown() override;

 private:
  void start_worker();  // with mutex_ held
  void work();

  const std::size_t max_workers_;
  std::mutex mutex_;
  std::condition_variable connection_waiting_;
  std::deque<std::function<void()>> waiting_;
  std::size_t idle_workers_ = 0;
  bool shutting_down_ = false;
  std::vector<std::jthread> workers_;
};

}  // namespace conclab::server
