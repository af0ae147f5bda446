#include "conclab/api_server.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "api_routes.hpp"
#include "fault_plan.hpp"
#include "http_event_loop.hpp"
#include "reply.hpp"
#include "request_counters.hpp"

namespace conclab {

namespace {

using server::HttpEventLoop;
using server::HttpRequest;
using server::HttpResponse;
using server::Reply;
using ConnectionId = HttpEventLoop::ConnectionId;

/// Requests one keep-alive connection may carry before the server closes it.
constexpr std::size_t kKeepAliveMaxRequests = 10000;

HttpResponse response_of(const Reply& reply) {
  return {reply.status, reply.content_type, reply.body, {}};
}

std::string stats_json(const ServerStats& stats) {
  const nlohmann::ordered_json json = {{"requests_served", stats.requests_served},
                                       {"requests_in_flight", stats.requests_in_flight},
                                       {"max_in_flight", stats.max_in_flight},
                                       {"failures_injected", stats.failures_injected},
                                       {"requests_by_path", stats.requests_by_path}};
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// A body that is not valid JSON: the first half of a real one (every document the server
/// sends is an array or object, so any shorter prefix of it lacks its closing bracket).
std::string truncated(const std::string& body) {
  return body.substr(0, body.size() / 2);
}

/// A dataset request from the moment it is read until it is answered.
struct DatasetRequest {
  ConnectionId connection = 0;
  HttpRequest request;
  /// Counted in flight from admission (see Impl::admit) to the answer.
  std::optional<server::CountedRequest> counted;
  std::optional<FailureRule> failure;
  std::chrono::milliseconds delay{0};
  /// The answer, made when the request arrives so that answering at the deadline only sends
  /// it; none when the connection is to be dropped (FailureKind::reset).
  std::optional<HttpResponse> response;
};

}  // namespace

/// Everything the server is made of, kept out of the header.
///
/// All request handling runs on the event loop's one thread: admission, holding, the latency
/// timers and the answers. The public methods reach it through thread-safe parts (counters,
/// fault plan, the hold flag) or by posting to the loop.
class ApiServer::Impl {
 public:
  explicit Impl(ServerOptions options);
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  Impl(Impl&&) = delete;
  Impl& operator=(Impl&&) = delete;
  ~Impl();

  [[nodiscard]] std::uint16_t port() const { return loop_.port(); }
  [[nodiscard]] const ApiDatasets& datasets() const { return datasets_; }
  server::RequestCounters& counters() { return counters_; }
  server::FaultPlan& faults() { return faults_; }

  void hold();
  void release();

 private:
  using Pending = std::unique_ptr<DatasetRequest>;

  void on_request(ConnectionId connection, HttpRequest request);
  void answer_control(ConnectionId connection, const HttpRequest& request);
  void admit(Pending pending);
  void start_latency(Pending pending);
  void finish(std::uint64_t key);
  [[nodiscard]] std::optional<HttpResponse> response_to(const DatasetRequest& pending) const;
  [[nodiscard]] std::optional<HttpResponse> injected(const DatasetRequest& pending) const;
  void answer(DatasetRequest& pending);
  void end(Pending pending);
  void release_held();
  void stop_requests();

  ServerOptions options_;
  ApiDatasets datasets_;
  server::ApiRoutes routes_;
  server::FaultPlan faults_;
  server::RequestCounters counters_;
  std::atomic<bool> holding_{false};  // read on the loop's thread when a request arrives

  // The loop's thread only.
  std::size_t admitted_ = 0;                  // counted in flight, not yet answered
  std::deque<Pending> waiting_for_room_;      // beyond max_concurrent_requests
  std::vector<Pending> held_;                 // waiting for release()
  std::map<std::uint64_t, Pending> delayed_;  // sleeping their latency, by timer key
  std::uint64_t next_timer_key_ = 0;
  bool stopped_ = false;

  HttpEventLoop loop_;  // last: its thread uses everything above
};

ApiServer::Impl::Impl(ServerOptions options)
    : options_(std::move(options)),
      datasets_(options_.seed),
      routes_(datasets_),
      faults_(options_.seed, options_.latency, options_.path_latencies, options_.failures),
      loop_({.port = options_.port,
             .keep_alive_timeout = options_.keep_alive_timeout,
             .max_requests_per_connection = kKeepAliveMaxRequests},
            [this](ConnectionId connection, HttpRequest request) {
              on_request(connection, std::move(request));
            }) {}

ApiServer::Impl::~Impl() {
  // Requests sleeping or held answer 503 at once, then the loop sends what it can and ends.
  loop_.post([this] { stop_requests(); });
  loop_.stop();
}

void ApiServer::Impl::hold() {
  holding_ = true;
}

void ApiServer::Impl::release() {
  holding_ = false;
  loop_.post([this] { release_held(); });
}

void ApiServer::Impl::on_request(ConnectionId connection, HttpRequest request) {
  const std::string& method = request.method;
  if (method != "GET" && method != "HEAD") {
    if (method == "POST" && request.path == "/stats/reset") {
      counters_.reset();
      loop_.respond(connection,
                    {200, std::string(server::kJsonType), stats_json(counters_.snapshot()), {}});
      return;
    }
    HttpResponse refusal =
        response_of(server::error_reply(405, "only GET and HEAD are served", request.path));
    refusal.headers.emplace_back("Allow", "GET, HEAD");
    loop_.respond(connection, refusal);
    return;
  }
  if (request.path == "/health" || request.path == "/stats") {
    answer_control(connection, request);
    return;
  }
  auto pending = std::make_unique<DatasetRequest>();
  pending->connection = connection;
  pending->request = std::move(request);
  if (stopped_) {
    loop_.respond(connection, response_of(server::error_reply(503, "the server is stopping",
                                                              pending->request.path)));
  } else if (admitted_ >= std::max<std::size_t>(options_.max_concurrent_requests, 1)) {
    waiting_for_room_.push_back(std::move(pending));
  } else {
    admit(std::move(pending));
  }
}

void ApiServer::Impl::answer_control(ConnectionId connection, const HttpRequest& request) {
  const std::string body =
      request.path == "/health" ? R"({"status":"ok"})" : stats_json(counters_.snapshot());
  loop_.respond(connection, {200, std::string(server::kJsonType), body, {}});
}

void ApiServer::Impl::admit(Pending pending) {
  ++admitted_;
  const std::string& path = pending->request.path;
  pending->counted.emplace(counters_, path);
  // Failures are decided on arrival, so "the Nth request" is the Nth to reach the server.
  pending->failure = faults_.failure_for(path);
  pending->delay = faults_.latency_for(path, pending->counted->ordinal());
  if (pending->failure) {
    pending->counted->mark_failure_injected();
    if (pending->failure->kind == FailureKind::slow) {
      pending->delay += pending->failure->delay;
    }
  }
  pending->response = response_to(*pending);
  if (holding_) {
    held_.push_back(std::move(pending));
  } else {
    start_latency(std::move(pending));
  }
}

void ApiServer::Impl::start_latency(Pending pending) {
  if (pending->delay <= std::chrono::milliseconds::zero()) {
    answer(*pending);
    end(std::move(pending));
    return;
  }
  const std::uint64_t key = next_timer_key_++;
  const auto deadline = HttpEventLoop::Clock::now() + pending->delay;
  delayed_.emplace(key, std::move(pending));
  loop_.call_at(deadline, [this, key] { finish(key); });
}

void ApiServer::Impl::finish(std::uint64_t key) {
  const auto found = delayed_.find(key);
  if (found == delayed_.end()) {
    return;  // answered already, when the server stopped
  }
  Pending pending = std::move(found->second);
  delayed_.erase(found);
  answer(*pending);
  end(std::move(pending));
}

std::optional<HttpResponse> ApiServer::Impl::response_to(const DatasetRequest& pending) const {
  if (pending.failure && pending.failure->kind != FailureKind::slow) {
    return injected(pending);
  }
  return response_of(routes_.answer(pending.request.path, pending.request.query));
}

std::optional<HttpResponse> ApiServer::Impl::injected(const DatasetRequest& pending) const {
  constexpr std::string_view kDetail = "failure injected by the server's failure rules";
  const std::string& path = pending.request.path;
  switch (pending.failure->kind) {
    case FailureKind::forbidden:
      return response_of(server::error_reply(403, kDetail, path, true));
    case FailureKind::not_found:
      return response_of(server::error_reply(404, kDetail, path, true));
    case FailureKind::reset:
      return std::nullopt;
    case FailureKind::malformed_json:
      return HttpResponse{200,
                          std::string(server::kJsonType),
                          truncated(routes_.answer(path, pending.request.query).body),
                          {}};
    case FailureKind::server_error:
    case FailureKind::slow:  // answered normally, after its delay
      break;
  }
  return response_of(server::error_reply(500, kDetail, path, true));
}

void ApiServer::Impl::answer(DatasetRequest& pending) {
  // The request leaves the counters before its answer goes out: a client that has its
  // answer (or sees its connection end) finds the request counted as served.
  pending.counted.reset();
  if (pending.response) {
    loop_.respond(pending.connection, *pending.response);
  } else {
    loop_.drop(pending.connection);
  }
}

void ApiServer::Impl::end(Pending pending) {
  pending.reset();
  --admitted_;
  if (!waiting_for_room_.empty() && !stopped_) {
    Pending next = std::move(waiting_for_room_.front());
    waiting_for_room_.pop_front();
    admit(std::move(next));
  }
}

void ApiServer::Impl::release_held() {
  if (holding_) {
    return;  // held again before this ran: they stay held until the next release
  }
  std::vector<Pending> released;
  released.swap(held_);
  for (Pending& pending : released) {
    start_latency(std::move(pending));
  }
}

void ApiServer::Impl::stop_requests() {
  stopped_ = true;
  std::vector<Pending> unanswered = std::move(held_);
  for (auto& [key, pending] : delayed_) {
    unanswered.push_back(std::move(pending));
  }
  for (Pending& pending : waiting_for_room_) {
    unanswered.push_back(std::move(pending));
  }
  held_.clear();
  delayed_.clear();
  waiting_for_room_.clear();
  for (const Pending& pending : unanswered) {
    pending->counted.reset();
    loop_.respond(pending->connection, response_of(server::error_reply(
                                           503, "the server is stopping", pending->request.path)));
  }
  admitted_ = 0;
}

ApiServer::ApiServer(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

ApiServer::~ApiServer() = default;

std::uint16_t ApiServer::port() const {
  return impl_->port();
}

std::string ApiServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port());
}

const ApiDatasets& ApiServer::datasets() const {
  return impl_->datasets();
}

ServerStats ApiServer::stats() const {
  return impl_->counters().snapshot();
}

void ApiServer::reset_stats() {
  impl_->counters().reset();
}

bool ApiServer::wait_until_in_flight(std::size_t count, std::chrono::milliseconds timeout) const {
  return impl_->counters().wait_until_in_flight(count, timeout);
}

bool ApiServer::wait_until_in_flight(std::size_t count, std::chrono::milliseconds timeout,
                                     const std::atomic<bool>& returned) const {
  // The counters wake a waiter when the requests in flight change, not when the call returns:
  // wait in short slices, and look at `returned` between them.
  constexpr std::chrono::milliseconds kSlice{10};
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (impl_->counters().wait_until_in_flight(count, std::clamp(left, {}, kSlice))) {
      return true;
    }
    if (returned.load() || left <= kSlice) {
      // One last look: requests that arrived just before the call returned still count.
      return impl_->counters().wait_until_in_flight(count, {});
    }
  }
}

void ApiServer::hold_requests() {
  impl_->hold();
}

void ApiServer::release_requests() {
  impl_->release();
}

void ApiServer::set_latency(Latency latency) {
  impl_->faults().set_latency(latency);
}

void ApiServer::set_path_latency(const std::string& pattern, Latency latency) {
  impl_->faults().set_path_latency(pattern, latency);
}

void ApiServer::add_failure(FailureRule rule) {
  impl_->faults().add_failure(std::move(rule));
}

void ApiServer::clear_failures() {
  impl_->faults().clear_failures();
}

}  // namespace conclab
