#include "http_event_loop.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "http_request_parser.hpp"
#include "reply.hpp"

namespace conclab::server {

namespace {

// epoll keys of the loop's own descriptors; connections are numbered after them.
constexpr std::uint64_t kListenerKey = 0;
constexpr std::uint64_t kTimerKey = 1;
constexpr std::uint64_t kWakeKey = 2;
constexpr std::uint64_t kFirstConnectionId = 16;

/// Connection attempts the kernel may queue before they are accepted: a burst of hundreds of
/// new clients must not be dropped (a dropped attempt is retried a second later).
constexpr int kListenBacklog = 1024;
/// How long the loop polls for more work after some, before it sleeps.
constexpr auto kPollAfterWork = std::chrono::microseconds(50);
/// How long before a timer's deadline the loop wakes, to poll until it is due: waking a
/// sleeping thread takes a virtual machine's CPU a few hundred microseconds, which would
/// otherwise add to every latency.
constexpr auto kWakeEarly = std::chrono::microseconds(300);
/// How often idle keep-alive connections are looked for.
constexpr auto kIdleCheckInterval = std::chrono::milliseconds(200);
/// Bytes a connection may have received and not yet had parsed: a whole request at most.
constexpr std::size_t kMaxReceived = kMaxHeaderBytes + kMaxBodyBytes + 4096;

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("ApiServer: " + what + ": " +
                           std::error_code(errno, std::system_category()).message());
}

/// A non-blocking socket listening on 127.0.0.1:`port`; the port it got.
std::pair<int, std::uint16_t> listen_on_loopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    fail("cannot create a socket");
  }
  // SO_REUSEADDR: the port can be bound again while old connections linger in TIME_WAIT.
  // Not SO_REUSEPORT, which would let a second server share the port.
  const int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  // NOLINTBEGIN(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(fd, kListenBacklog) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const int error = errno;
    ::close(fd);
    errno = error;
    fail("cannot listen on 127.0.0.1:" + std::to_string(port) + " (is the port taken?)");
  }
  // NOLINTEND(cppcoreguidelines-pro-type-reinterpret-cast)
  return {fd, ntohs(address.sin_port)};
}

void add_to_epoll(int epoll, int fd, std::uint64_t key, std::uint32_t events) {
  epoll_event event{};
  event.events = events;
  event.data.u64 = key;
  if (::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) != 0) {
    fail("epoll_ctl");
  }
}

}  // namespace

HttpEventLoop::HttpEventLoop(Options options, RequestHandler on_request)
    : options_(options),
      on_request_(std::move(on_request)),
      epoll_(::epoll_create1(EPOLL_CLOEXEC)),
      timer_fd_(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)),
      wake_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
      next_id_(kFirstConnectionId) {
  try {
    if (epoll_ < 0 || timer_fd_ < 0 || wake_fd_ < 0) {
      fail("cannot create the event loop's descriptors");
    }
    std::tie(listener_, port_) = listen_on_loopback(options_.port);
    add_to_epoll(epoll_, listener_, kListenerKey, EPOLLIN);
    add_to_epoll(epoll_, timer_fd_, kTimerKey, EPOLLIN);
    add_to_epoll(epoll_, wake_fd_, kWakeKey, EPOLLIN);
  } catch (...) {
    close_descriptors();  // no destructor runs for a constructor that throws
    throw;
  }
  thread_ = std::jthread([this] { run(); });
}

HttpEventLoop::~HttpEventLoop() {
  stop();
  if (thread_.joinable()) {
    thread_.join();
  }
  close_descriptors();
}

void HttpEventLoop::close_descriptors() const {
  for (const int fd : {listener_, epoll_, timer_fd_, wake_fd_}) {
    if (fd >= 0) {
      ::close(fd);
    }
  }
}

void HttpEventLoop::post(std::function<void()> task) {
  {
    const std::scoped_lock lock(posted_mutex_);
    posted_.push_back(std::move(task));
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(wake_fd_, &one, sizeof(one));
}

void HttpEventLoop::stop() {
  // Posted, so that everything posted before it runs first.
  post([this] { stopping_ = true; });
}

void HttpEventLoop::run() {
  // A name for thread listings (the watchdog's report, gdb, top -H); at most 15 characters.
  ::pthread_setname_np(::pthread_self(), "api-server");
  last_idle_check_ = Clock::now();
  std::array<epoll_event, 256> events{};
  auto last_busy = Clock::now();
  while (!stopping_) {
    // Right after work, poll instead of sleeping for a moment: in a burst of requests the next
    // one is microseconds away, and a sleeping thread costs every client send a wake-up.
    const auto now = Clock::now();
    const bool poll = !to_resume_.empty() || now - last_busy < kPollAfterWork ||
                      (!timers_.empty() && timers_.top().deadline - now < kWakeEarly);
    const int timeout_ms = poll ? 0 : static_cast<int>(kIdleCheckInterval.count());
    const int ready = ::epoll_wait(epoll_, events.data(), events.size(), timeout_ms);
    if (ready > 0) {
      last_busy = Clock::now();
    }
    for (int i = 0; i < ready; ++i) {
      const epoll_event& event = events.at(static_cast<std::size_t>(i));
      dispatch(event.data.u64, event.events);
    }
    run_posted();
    run_due_timers();
    resume_connections();
    close_idle_connections();
    arm_timer();
  }
  close_all();
}

void HttpEventLoop::dispatch(std::uint64_t key, std::uint32_t events) {
  if (key == kListenerKey) {
    accept_connections();
  } else if (key == kTimerKey || key == kWakeKey) {
    std::uint64_t count = 0;  // reading resets the descriptor
    [[maybe_unused]] const auto read =
        ::read(key == kTimerKey ? timer_fd_ : wake_fd_, &count, sizeof(count));
  } else if ((events & (EPOLLERR | EPOLLHUP)) != 0U) {
    close_connection(key);
  } else {
    if ((events & EPOLLOUT) != 0U) {
      flush(key);
    }
    if ((events & EPOLLIN) != 0U) {
      read_from(key);
    }
  }
}

void HttpEventLoop::accept_connections() {
  for (;;) {
    const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      return;  // none left (or out of descriptors: the rest wait in the listen queue)
    }
    // Responses leave at once instead of waiting for the client's delayed acknowledgement.
    const int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
    const ConnectionId id = next_id_++;
    Connection& connection = connections_[id];
    connection.id = id;
    connection.fd = fd;
    connection.last_active = Clock::now();
    add_to_epoll(epoll_, fd, id, EPOLLIN);
  }
}

void HttpEventLoop::read_from(ConnectionId id) {
  const auto found = connections_.find(id);
  if (found == connections_.end()) {
    return;
  }
  Connection& connection = found->second;
  std::array<char, 16384> buffer{};
  const ssize_t n = ::recv(connection.fd, buffer.data(), buffer.size(), 0);
  if (n < 0) {
    if (errno != EAGAIN && errno != EINTR) {
      close_connection(id);
    }
    return;
  }
  if (n == 0) {
    // The client sent all it will; it may still wait for the answer to its last request.
    connection.peer_done = true;
    watch(connection, connection.watching_writes);
    if (!connection.answering && connection.to_send.empty()) {
      close_connection(id);
    }
    return;
  }
  connection.received.append(buffer.data(), static_cast<std::size_t>(n));
  connection.last_active = Clock::now();
  if (connection.received.size() > kMaxReceived) {
    close_connection(id);  // a client that sends without waiting for answers
    return;
  }
  read_requests(id);
}

void HttpEventLoop::read_requests(ConnectionId id) {
  for (;;) {
    const auto found = connections_.find(id);
    if (found == connections_.end()) {
      return;
    }
    Connection& connection = found->second;
    if (connection.answering || connection.close_when_sent || connection.received.empty()) {
      return;
    }
    ParsedRequest parsed = parse_request(connection.received);
    if (parsed.error_status != 0) {
      reject(id, parsed.error_status, parsed.problem, parsed.path);
      return;
    }
    if (!parsed.request) {
      return;  // not all of it has arrived
    }
    connection.received.erase(0, parsed.consumed);
    connection.answering = true;
    connection.head_only = parsed.request->method == "HEAD";
    connection.keep_alive =
        parsed.request->keep_alive && ++connection.requests < options_.max_requests_per_connection;
    on_request_(id, std::move(*parsed.request));  // may answer at once
  }
}

void HttpEventLoop::reject(ConnectionId id, int status, const std::string& problem,
                           const std::string& path) {
  Connection& connection = connections_.at(id);
  connection.answering = true;
  connection.head_only = false;
  connection.keep_alive = false;  // what follows in the stream cannot be trusted
  const Reply reply = error_reply(status, problem, path);
  respond(id, {reply.status, reply.content_type, reply.body, {}});
}

void HttpEventLoop::respond(ConnectionId id, const HttpResponse& response) {
  const auto found = connections_.find(id);
  if (found == connections_.end() || !found->second.answering) {
    return;
  }
  Connection& connection = found->second;
  connection.answering = false;
  connection.to_send += serialize(response, connection.head_only, connection.keep_alive);
  connection.close_when_sent = !connection.keep_alive;
  connection.last_active = Clock::now();
  to_resume_.push_back(id);
  flush(id);
}

void HttpEventLoop::drop(ConnectionId id) {
  const auto found = connections_.find(id);
  if (found == connections_.end()) {
    return;
  }
  // Closing with a zero linger time sends a reset instead of an orderly end.
  const linger abort{1, 0};
  ::setsockopt(found->second.fd, SOL_SOCKET, SO_LINGER, &abort, sizeof(abort));
  close_connection(id);
}

void HttpEventLoop::flush(ConnectionId id) {
  const auto found = connections_.find(id);
  if (found == connections_.end()) {
    return;
  }
  Connection& connection = found->second;
  while (connection.sent < connection.to_send.size()) {
    const ssize_t n =
        ::send(connection.fd, connection.to_send.data() + connection.sent,
               connection.to_send.size() - connection.sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) {
        watch(connection, true);  // the rest when the socket has room
        return;
      }
      close_connection(id);
      return;
    }
    connection.sent += static_cast<std::size_t>(n);
  }
  connection.to_send.clear();
  connection.sent = 0;
  if (connection.watching_writes) {
    watch(connection, false);
  }
  if (connection.close_when_sent || (connection.peer_done && !connection.answering)) {
    ::shutdown(connection.fd, SHUT_WR);  // an orderly end after the last byte
    close_connection(id);
  }
}

void HttpEventLoop::watch(Connection& connection, bool writing) const {
  epoll_event event{};
  event.events = (connection.peer_done ? 0U : EPOLLIN) | (writing ? EPOLLOUT : 0U);
  event.data.u64 = connection.id;
  ::epoll_ctl(epoll_, EPOLL_CTL_MOD, connection.fd, &event);
  connection.watching_writes = writing;
}

void HttpEventLoop::close_connection(ConnectionId id) {
  const auto found = connections_.find(id);
  if (found == connections_.end()) {
    return;
  }
  ::close(found->second.fd);  // also takes it out of the epoll set
  connections_.erase(found);
}

void HttpEventLoop::call_at(Clock::time_point deadline, std::function<void()> task) {
  timers_.push({deadline, next_timer_order_++, std::move(task)});
}

void HttpEventLoop::run_posted() {
  std::vector<std::function<void()>> tasks;
  {
    const std::scoped_lock lock(posted_mutex_);
    tasks.swap(posted_);
  }
  for (auto& task : tasks) {
    task();
  }
}

void HttpEventLoop::run_due_timers() {
  const auto now = Clock::now();
  while (!timers_.empty() && timers_.top().deadline <= now) {
    // Moved out before it runs: a task may add timers.
    std::function<void()> task = std::move(const_cast<Timer&>(timers_.top()).task);  // NOLINT
    timers_.pop();
    task();
  }
}

void HttpEventLoop::arm_timer() {
  const auto next =
      timers_.empty() ? Clock::time_point::max() : timers_.top().deadline - kWakeEarly;
  if (next == armed_for_) {
    return;
  }
  armed_for_ = next;
  itimerspec when{};  // all zero disarms
  if (next != Clock::time_point::max()) {
    // steady_clock is CLOCK_MONOTONIC, which the timer counts in.
    const auto since_boot =
        std::chrono::duration_cast<std::chrono::nanoseconds>(next.time_since_epoch()).count();
    when.it_value.tv_sec = std::max<std::int64_t>(since_boot / 1'000'000'000, 0);
    when.it_value.tv_nsec = since_boot % 1'000'000'000;
    if (when.it_value.tv_sec == 0 && when.it_value.tv_nsec == 0) {
      when.it_value.tv_nsec = 1;  // zero would disarm it
    }
  }
  ::timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &when, nullptr);
}

void HttpEventLoop::resume_connections() {
  std::vector<ConnectionId> ids;
  ids.swap(to_resume_);
  for (const ConnectionId id : ids) {
    read_requests(id);
  }
}

void HttpEventLoop::close_idle_connections() {
  const auto now = Clock::now();
  if (now - last_idle_check_ < kIdleCheckInterval) {
    return;
  }
  last_idle_check_ = now;
  std::vector<ConnectionId> idle;
  for (const auto& [id, connection] : connections_) {
    if (!connection.answering && connection.to_send.empty() &&
        now - connection.last_active >= options_.keep_alive_timeout) {
      idle.push_back(id);
    }
  }
  for (const ConnectionId id : idle) {
    close_connection(id);
  }
}

void HttpEventLoop::close_all() {
  std::vector<ConnectionId> ids;
  ids.reserve(connections_.size());
  for (const auto& [id, connection] : connections_) {
    ids.push_back(id);
  }
  for (const ConnectionId id : ids) {
    flush(id);  // what fits in the socket's buffer goes out; the rest is lost
    close_connection(id);
  }
}

}  // namespace conclab::server
