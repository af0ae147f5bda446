// The server's network side: one thread that accepts connections, reads requests and writes
// responses for all of them with epoll, and runs timers.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http_message.hpp"

namespace conclab::server {

/// An HTTP/1.1 server loop on 127.0.0.1: one thread serves every connection, so a request
/// waiting for its latency costs a timer, not a thread, and hundreds of requests answered at
/// the same moment cost no thread wake-ups.
///
/// The loop hands each request to the `on_request` callback, on the loop's thread. The answer
/// goes back with respond() (or drop()), at once or later from a timer (call_at()). A
/// connection carries one request at a time: the next one on it is read once the previous one
/// is answered. Other threads talk to the loop only through post() and stop().
class HttpEventLoop {
 public:
  using Clock = std::chrono::steady_clock;
  /// Names a connection for as long as it is open; never reused.
  using ConnectionId = std::uint64_t;
  using RequestHandler = std::function<void(ConnectionId, HttpRequest)>;

  struct Options {
    std::uint16_t port = 0;  ///< 0 picks a free port.
    std::chrono::seconds keep_alive_timeout{2};
    std::size_t max_requests_per_connection = 10000;
  };

  /// Binds and listens (throws std::runtime_error when it cannot), then starts the thread.
  HttpEventLoop(Options options, RequestHandler on_request);
  HttpEventLoop(const HttpEventLoop&) = delete;
  HttpEventLoop& operator=(const HttpEventLoop&) = delete;
  HttpEventLoop(HttpEventLoop&&) = delete;
  HttpEventLoop& operator=(HttpEventLoop&&) = delete;
  /// stop(), then joins the thread.
  ~HttpEventLoop();

  [[nodiscard]] std::uint16_t port() const { return port_; }

  /// Any thread: runs `task` on the loop's thread, soon, in the order posted.
  void post(std::function<void()> task);
  /// Any thread: runs what was posted so far, sends what responses it can, closes every
  /// connection and ends the thread.
  void stop();

  /// Loop thread: answers the request connection `id` carries. Ignored when the connection
  /// has closed meanwhile.
  void respond(ConnectionId id, const HttpResponse& response);
  /// Loop thread: aborts connection `id` (the client sees a reset) instead of answering.
  void drop(ConnectionId id);
  /// Loop thread: runs `task` on the loop's thread at `deadline`.
  void call_at(Clock::time_point deadline, std::function<void()> task);

 private:
  /// One client connection and where its current request stands.
  struct Connection {
    ConnectionId id = 0;
    int fd = -1;
    std::string received;    ///< Bytes read and not yet parsed into a request.
    std::string to_send;     ///< Response bytes not yet written.
    std::size_t sent = 0;    ///< How much of to_send is written.
    bool answering = false;  ///< A request was handed over and not yet answered.
    bool head_only = false;  ///< That request is a HEAD: answer without the body.
    bool keep_alive = true;  ///< Keep the connection after answering it.
    bool close_when_sent = false;
    bool peer_done = false;  ///< The client will send nothing more.
    bool watching_writes = false;
    std::size_t requests = 0;
    Clock::time_point last_active;
  };
  struct Timer {
    Clock::time_point deadline;
    std::uint64_t order;  // earlier timers with the same deadline first
    std::function<void()> task;
    bool operator>(const Timer& other) const {
      return deadline != other.deadline ? deadline > other.deadline : order > other.order;
    }
  };

  void run();
  void dispatch(std::uint64_t key, std::uint32_t events);
  void accept_connections();
  void read_from(ConnectionId id);
  void read_requests(ConnectionId id);
  void reject(ConnectionId id, int status, const std::string& problem, const std::string& path);
  void flush(ConnectionId id);
  void close_connection(ConnectionId id);
  void watch(Connection& connection, bool writing) const;
  void run_posted();
  void run_due_timers();
  void arm_timer();
  void resume_connections();
  void close_idle_connections();
  void close_all();
  void close_descriptors() const;

  Options options_;
  RequestHandler on_request_;
  int listener_ = -1;
  int epoll_ = -1;
  int timer_fd_ = -1;
  int wake_fd_ = -1;
  std::uint16_t port_ = 0;

  // Loop thread only.
  std::unordered_map<ConnectionId, Connection> connections_;
  ConnectionId next_id_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
  std::uint64_t next_timer_order_ = 0;
  Clock::time_point armed_for_ = Clock::time_point::max();
  std::vector<ConnectionId> to_resume_;  // answered later: read their next request
  Clock::time_point last_idle_check_;

  std::mutex posted_mutex_;
  std::vector<std::function<void()>> posted_;
  std::atomic<bool> stopping_{false};
  std::jthread thread_;  // last: it starts when everything above is ready
};

}  // namespace conclab::server
