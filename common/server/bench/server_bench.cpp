// How close the loopback API server comes to the ideal wall time of overlapping requests.
//
// Every request waits 20 ms in the server, so a batch of requests all sent at once should take
// 20 ms in all, and 50 requests from 10 client threads ceil(50 / 10) x 20 ms = 100 ms. The
// counters give the measured wall time per batch and its ratio to that ideal (the target is
// a ratio of at most 1.10). Run in a Release build:
//   build/release/common/server/bench/conclab_server_bench
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cstddef>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

#include "conclab/api_server.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto kLatency = 20ms;

/// Client threads that each send `requests_per_client` GETs, one after another, when a batch
/// starts; all of them start together.
class ClientCrew {
 public:
  ClientCrew(const conclab::ApiServer& server, std::size_t clients, std::size_t requests_per_client,
             bool keep_alive)
      : clients_(clients), start_(static_cast<std::ptrdiff_t>(clients) + 1) {
    const auto& satellites = server.datasets().satellites();
    for (std::size_t i = 0; i < clients; ++i) {
      const std::string path = "/starlink/" + satellites[i % satellites.size()].id;
      threads_.emplace_back([this, &server, path, requests_per_client, keep_alive] {
        httplib::Client client(server.base_url());
        client.set_keep_alive(keep_alive);
        client.set_tcp_nodelay(true);
        client.set_read_timeout(10s);
        for (;;) {
          start_.arrive_and_wait();
          if (stopping_) {
            return;
          }
          for (std::size_t n = 0; n < requests_per_client; ++n) {
            const httplib::Result result = client.Get(path);
            if (!result || result->status != 200) {
              failures_.fetch_add(1, std::memory_order_relaxed);
            }
          }
          // The last client to finish wakes the main thread; none of them waits here, so
          // the measured time holds no wake-up of 200 threads after the batch.
          if (unfinished_.fetch_sub(1) == 1) {
            batch_done_.release();
          }
        }
      });
    }
  }
  ClientCrew(const ClientCrew&) = delete;
  ClientCrew& operator=(const ClientCrew&) = delete;
  ClientCrew(ClientCrew&&) = delete;
  ClientCrew& operator=(ClientCrew&&) = delete;
  ~ClientCrew() {
    stopping_ = true;  // seen by every client after the barrier below
    start_.arrive_and_wait();
  }

  /// Runs one batch; its wall time, from the start signal to the last response.
  Clock::duration run_batch() {
    unfinished_ = clients_;
    const auto start = Clock::now();
    start_.arrive_and_wait();
    batch_done_.acquire();
    return Clock::now() - start;
  }

  /// Requests that failed so far (should stay 0).
  [[nodiscard]] std::size_t failures() const { return failures_.load(); }

 private:
  const std::size_t clients_;
  std::barrier<> start_;
  std::atomic<std::size_t> unfinished_{0};
  std::binary_semaphore batch_done_{0};
  bool stopping_ = false;
  std::atomic<std::size_t> failures_{0};
  std::vector<std::jthread> threads_;  // last: joined first
};

/// Runs `client`'s batches against `server` (after one warm-up batch) and reports the wall time
/// per batch and its ratio to `ideal_ms`. Any client with run_batch() and failures() will do.
template <typename Client>
void measure_batches(benchmark::State& state, conclab::ApiServer& server, Client& client,
                     double ideal_ms) {
  client.run_batch();  // warm-up: threads running, connections open (with keep-alive)
  server.reset_stats();
  double total_ms = 0;
  double best_ms = 1e9;
  for (auto _ : state) {
    const double ms = std::chrono::duration<double, std::milli>(client.run_batch()).count();
    state.SetIterationTime(ms / 1000.0);
    total_ms += ms;
    best_ms = std::min(best_ms, ms);
  }
  const double mean_ms = total_ms / static_cast<double>(state.iterations());
  state.counters["batch_ms"] = mean_ms;
  if (ideal_ms > 0) {
    state.counters["ratio"] = mean_ms / ideal_ms;
    state.counters["best_ratio"] = best_ms / ideal_ms;
  }
  state.counters["max_in_flight"] = static_cast<double>(server.stats().max_in_flight);
  state.counters["failures"] = static_cast<double>(client.failures());
}

/// Runs batches of `clients` x `per_client` requests from client threads; the ideal is
/// per_client x latency, since every client sends the same number.
void run_batches(benchmark::State& state, std::size_t clients, std::size_t per_client,
                 bool keep_alive, std::chrono::milliseconds latency = kLatency) {
  conclab::ApiServer server({.latency = conclab::Latency::fixed(latency)});
  ClientCrew crew(server, clients, per_client, keep_alive);
  measure_batches(
      state, server, crew,
      std::chrono::duration<double, std::milli>(latency).count() * static_cast<double>(per_client));
}

/// N requests in flight at once, one per client thread; ideal: 20 ms per batch. The target
/// is N = 200; smaller N show how the time above the ideal grows with N.
void BM_RequestsAtOnce(benchmark::State& state) {
  run_batches(state, static_cast<std::size_t>(state.range(0)), 1, state.range(1) != 0);
}
BENCHMARK(BM_RequestsAtOnce)
    ->ArgNames({"clients", "keep_alive"})
    ->Args({200, 1})
    ->Args({200, 0})
    ->Args({100, 1})
    ->Args({50, 1})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(50);

/// The same 200 requests without latency: the fixed cost of a batch (threads waking,
/// requests parsed and answered), which comes on top of the latency above.
void BM_TwoHundredWithoutLatency(benchmark::State& state) {
  run_batches(state, 200, 1, state.range(0) != 0, 0ms);
}
BENCHMARK(BM_TwoHundredWithoutLatency)
    ->ArgName("keep_alive")
    ->Arg(1)
    ->Arg(0)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(50);

/// 50 requests from 10 client threads, 5 each; ideal: 5 x 20 ms = 100 ms per batch.
void BM_FiftyFromTenClients(benchmark::State& state) {
  run_batches(state, 10, 5, state.range(0) != 0);
}
BENCHMARK(BM_FiftyFromTenClients)
    ->ArgName("keep_alive")
    ->Arg(1)
    ->Arg(0)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(20);

/// One client thread driving `count` keep-alive connections with epoll: it writes every request,
/// then collects every response. Unlike 200 client threads, it adds almost no CPU work of its
/// own on 2 cores, so the batch time above 20 ms is the server's (and the kernel's).
class EventDrivenClient {
 public:
  EventDrivenClient(std::uint16_t port, std::size_t count, std::string request)
      : request_(std::move(request)), epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (std::size_t i = 0; i < count; ++i) {
      const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      const int on = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
      if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) !=
          0) {  // NOLINT
        ::close(fd);
        continue;
      }
      epoll_event event{.events = EPOLLIN, .data = {.u64 = sockets_.size()}};
      ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event);
      sockets_.push_back(fd);
    }
  }
  EventDrivenClient(const EventDrivenClient&) = delete;
  EventDrivenClient& operator=(const EventDrivenClient&) = delete;
  EventDrivenClient(EventDrivenClient&&) = delete;
  EventDrivenClient& operator=(EventDrivenClient&&) = delete;
  ~EventDrivenClient() {
    for (const int fd : sockets_) {
      ::close(fd);
    }
    ::close(epoll_);
  }

  /// Sends one request on every connection, and returns once every response is complete.
  Clock::duration run_batch() {
    std::vector<std::string> received(sockets_.size());
    const auto start = Clock::now();
    for (const int fd : sockets_) {
      ::send(fd, request_.data(), request_.size(), MSG_NOSIGNAL);
    }
    send_ms_ += milliseconds_since(start);
    ++batches_;
    std::size_t complete = 0;
    std::array<epoll_event, 256> events{};
    std::array<char, 16384> buffer{};
    // Polls without sleeping: a client woken for every answer would measure its own wake-ups
    // (several microseconds each on a virtual machine), not the server.
    const auto give_up = start + std::chrono::seconds(10);
    while (complete < sockets_.size()) {
      const int ready = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 0);
      if (ready < 0 || Clock::now() > give_up) {
        failures_ += sockets_.size() - complete;
        break;
      }
      for (int i = 0; i < ready; ++i) {
        const std::size_t index = events.at(static_cast<std::size_t>(i)).data.u64;
        const ssize_t n = ::recv(sockets_[index], buffer.data(), buffer.size(), 0);
        if (n <= 0) {
          ++failures_;
          ++complete;
          continue;
        }
        received[index].append(buffer.data(), static_cast<std::size_t>(n));
        if (is_complete_response(received[index]) && ++complete == 1) {
          first_response_ms_ += milliseconds_since(start);
        }
      }
    }
    return Clock::now() - start;
  }

  /// Responses that failed so far (should stay 0).
  [[nodiscard]] std::size_t failures() const { return failures_; }

  /// Adds the mean time to send every request, and to receive the first response, per batch:
  /// the batch time is about the first plus the latency, and the first minus the latency is
  /// the server's (and the kernel's) reaction time.
  void add_phase_counters(benchmark::State& state) const {
    const auto batches = static_cast<double>(std::max<std::size_t>(batches_, 1));
    state.counters["send_ms"] = send_ms_ / batches;
    state.counters["first_response_ms"] = first_response_ms_ / batches;
  }

 private:
  static double milliseconds_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  }

  /// Whether `text` holds a whole response: its headers and Content-Length bytes of body.
  static bool is_complete_response(const std::string& text) {
    const auto headers_end = text.find("\r\n\r\n");
    if (headers_end == std::string::npos) {
      return false;
    }
    const auto length_at = text.find("Content-Length: ");
    const std::size_t length =
        length_at == std::string::npos ? 0 : std::stoul(text.substr(length_at + 16));
    return text.size() >= headers_end + 4 + length;
  }

  std::string request_;
  int epoll_;
  std::vector<int> sockets_;
  std::size_t failures_ = 0;
  std::size_t batches_ = 0;
  double send_ms_ = 0;
  double first_response_ms_ = 0;
};

/// 200 requests in flight at once from one event-driven client thread; ideal: 20 ms.
void BM_TwoHundredFromOneEventDrivenClient(benchmark::State& state) {
  conclab::ApiServer server({.latency = conclab::Latency::fixed(kLatency)});
  const std::string path = "/starlink/" + server.datasets().satellites().front().id;
  EventDrivenClient client(server.port(), 200,
                           "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  measure_batches(state, server, client,
                  std::chrono::duration<double, std::milli>(kLatency).count());
  client.add_phase_counters(state);
}
BENCHMARK(BM_TwoHundredFromOneEventDrivenClient)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(50);

}  // namespace

BENCHMARK_MAIN();
