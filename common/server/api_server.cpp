#include "conclab/api_server.hpp"

#include <sys/socket.h>

#include <httplib.h>
#include <atomic>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>

#include "api_routes.hpp"
#include "connection_abort.hpp"
#include "connection_workers.hpp"
#include "fault_plan.hpp"
#include "reply.hpp"
#include "request_counters.hpp"
#include "wait_room.hpp"

namespace conclab {

namespace {

using server::Reply;

/// The only interface the server listens on.
constexpr const char* kLoopback = "127.0.0.1";
/// A cpp-httplib route pattern matching every path (unlike ".*", also one with a newline).
constexpr const char* kAnyPath = R"([\s\S]*)";
/// Connections the kernel may queue before they are accepted. cpp-httplib asks for 5, which
/// drops connection attempts (to be retried a second later) when many clients start at once.
constexpr int kListenBacklog = 1024;
/// Requests one keep-alive connection may carry before the server closes it.
constexpr std::size_t kKeepAliveMaxRequests = 10000;
/// The largest request body accepted; no endpoint needs one.
constexpr std::size_t kMaxRequestBody = std::size_t{64} * 1024;

/// cpp-httplib's server, plus the one thing it does not offer: a longer listen queue.
class HttpServer final : public httplib::Server {
 public:
  /// Lets the kernel queue up to `backlog` connections not yet accepted. Calling listen()
  /// again on a listening socket changes its queue length.
  void widen_listen_queue(int backlog) { ::listen(svr_sock_, backlog); }
};

void send(httplib::Response& response, const Reply& reply) {
  response.status = reply.status;
  response.set_content(reply.body, reply.content_type);
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

}  // namespace

/// Everything the server is made of, kept out of the header (and cpp-httplib with it).
class ApiServer::Impl {
 public:
  explicit Impl(ServerOptions options);
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  Impl(Impl&&) = delete;
  Impl& operator=(Impl&&) = delete;
  ~Impl();

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] const ApiDatasets& datasets() const { return datasets_; }
  server::RequestCounters& counters() { return counters_; }
  server::FaultPlan& faults() { return faults_; }
  server::WaitRoom& wait_room() { return wait_room_; }

 private:
  void configure_http();
  /// Configures the HTTP server and binds it; the port.
  std::uint16_t configure_and_bind();
  std::uint16_t bind();
  void start_listening();

  void serve_get(const httplib::Request& request, httplib::Response& response);
  void serve_post(const httplib::Request& request, httplib::Response& response);
  /// What becomes of the connection once a dataset request is answered.
  enum class Ending { respond, drop_connection };

  void serve_dataset(const httplib::Request& request, httplib::Response& response);
  Ending answer_dataset(const httplib::Request& request, httplib::Response& response);
  Ending inject(const FailureRule& failure, const httplib::Request& request,
                httplib::Response& response) const;

  ServerOptions options_;
  ApiDatasets datasets_;
  server::ApiRoutes routes_;
  server::FaultPlan faults_;
  server::RequestCounters counters_;
  server::WaitRoom wait_room_;
  HttpServer http_;
  std::uint16_t port_ = 0;
  std::atomic<bool> listening_ended_{false};
  std::jthread listener_;  // last: it stops before the members it uses go
};

ApiServer::Impl::Impl(ServerOptions options)
    : options_(std::move(options)),
      datasets_(options_.seed),
      routes_(datasets_),
      faults_(options_.seed, options_.latency, options_.path_latencies, options_.failures),
      port_(configure_and_bind()) {
  http_.widen_listen_queue(kListenBacklog);
  start_listening();
}

ApiServer::Impl::~Impl() {
  wait_room_.stop();  // requests sleeping or held answer at once
  http_.stop();       // closes the listening socket; the listener then joins the workers
  if (listener_.joinable()) {
    listener_.join();
  }
}

void ApiServer::Impl::configure_http() {
  const std::size_t max_workers = std::max<std::size_t>(options_.max_concurrent_requests, 1);
  const std::size_t prestarted = std::min(options_.prestarted_workers, max_workers);
  http_.new_task_queue = [=] { return new server::ConnectionWorkers(prestarted, max_workers); };
  // Responses go out in two writes (headers, body); without TCP_NODELAY the second waits for
  // the client's delayed acknowledgement of the first (Nagle's algorithm), up to 40 ms.
  http_.set_tcp_nodelay(true);
  // cpp-httplib's default socket options include SO_REUSEPORT, which would let a second
  // server bind the same port and take half of the first one's connections. Only
  // SO_REUSEADDR: a port can be bound again while old connections linger in TIME_WAIT.
  http_.set_socket_options([](socket_t socket) {
    const int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  http_.set_keep_alive_max_count(kKeepAliveMaxRequests);
  http_.set_keep_alive_timeout(options_.keep_alive_timeout.count());
  http_.set_payload_max_length(kMaxRequestBody);

  http_.Get(kAnyPath, [this](const httplib::Request& request, httplib::Response& response) {
    serve_get(request, response);
  });
  http_.Post(kAnyPath, [this](const httplib::Request& request, httplib::Response& response) {
    serve_post(request, response);
  });
  const auto not_allowed = [](const httplib::Request& request, httplib::Response& response) {
    response.set_header("Allow", "GET, HEAD");
    send(response, server::error_reply(405, "only GET and HEAD are served", request.path));
  };
  http_.Put(kAnyPath, not_allowed);
  http_.Patch(kAnyPath, not_allowed);
  http_.Delete(kAnyPath, not_allowed);
  http_.Options(kAnyPath, not_allowed);
  // Errors cpp-httplib answers by itself (a malformed request line, a body too large) come
  // without a body: give them the JSON one every other error has.
  http_.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request& request, httplib::Response& response) {
        if (!response.body.empty()) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        send(response,
             server::error_reply(response.status, "rejected by the HTTP layer", request.path));
        return httplib::Server::HandlerResponse::Handled;
      }));
  http_.set_exception_handler(
      [](const httplib::Request& request, httplib::Response& response, const std::exception_ptr&) {
        send(response, server::error_reply(500, "the server failed", request.path));
      });
}

std::uint16_t ApiServer::Impl::configure_and_bind() {
  configure_http();
  return bind();
}

std::uint16_t ApiServer::Impl::bind() {
  if (options_.port == 0) {
    const int port = http_.bind_to_any_port(kLoopback);
    if (port <= 0) {
      throw std::runtime_error("ApiServer: cannot listen on 127.0.0.1");
    }
    return static_cast<std::uint16_t>(port);
  }
  if (!http_.bind_to_port(kLoopback, options_.port)) {
    throw std::runtime_error("ApiServer: cannot listen on 127.0.0.1:" +
                             std::to_string(options_.port) + " (is the port taken?)");
  }
  return options_.port;
}

void ApiServer::Impl::start_listening() {
  listener_ = std::jthread([this] {
    http_.listen_after_bind();
    listening_ended_ = true;
  });
  // The socket already accepts (connections queue in the kernel), but stop() only works once
  // the listener runs: wait for that, so that destruction right away cannot hang.
  while (!http_.is_running() && !listening_ended_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void ApiServer::Impl::serve_get(const httplib::Request& request, httplib::Response& response) {
  if (request.path == "/health") {
    send(response, {200, R"({"status":"ok"})"});
  } else if (request.path == "/stats") {
    send(response, {200, stats_json(counters_.snapshot())});
  } else {
    serve_dataset(request, response);
  }
}

void ApiServer::Impl::serve_post(const httplib::Request& request, httplib::Response& response) {
  if (request.path == "/stats/reset") {
    counters_.reset();
    send(response, {200, stats_json(counters_.snapshot())});
    return;
  }
  response.set_header("Allow", "GET, HEAD");
  send(response, server::error_reply(405, "only GET and HEAD are served", request.path));
}

void ApiServer::Impl::serve_dataset(const httplib::Request& request, httplib::Response& response) {
  if (answer_dataset(request, response) == Ending::drop_connection) {
    // Only now that the request is counted: a client that sees its connection end must find
    // the request in stats().
    server::abort_connection(request.local_port, request.remote_addr, request.remote_port);
  }
}

ApiServer::Impl::Ending ApiServer::Impl::answer_dataset(const httplib::Request& request,
                                                        httplib::Response& response) {
  server::CountedRequest counted(counters_, request.path);
  // Failures are decided on arrival, so "the Nth request" is the Nth to reach the server.
  const std::optional<FailureRule> failure = faults_.failure_for(request.path);
  std::chrono::milliseconds delay = faults_.latency_for(request.path, counted.ordinal());
  if (failure) {
    counted.mark_failure_injected();
    if (failure->kind == FailureKind::slow) {
      delay += failure->delay;
    }
  }
  if (!wait_room_.wait_while_held() || !wait_room_.sleep_for(delay)) {
    send(response, server::error_reply(503, "the server is stopping", request.path));
    return Ending::respond;
  }
  if (failure && failure->kind != FailureKind::slow) {
    return inject(*failure, request, response);
  }
  send(response, routes_.answer(request.path, request.params));
  return Ending::respond;
}

ApiServer::Impl::Ending ApiServer::Impl::inject(const FailureRule& failure,
                                                const httplib::Request& request,
                                                httplib::Response& response) const {
  constexpr std::string_view kDetail = "failure injected by the server's failure rules";
  switch (failure.kind) {
    case FailureKind::forbidden:
      send(response, server::error_reply(403, kDetail, request.path, true));
      return Ending::respond;
    case FailureKind::not_found:
      send(response, server::error_reply(404, kDetail, request.path, true));
      return Ending::respond;
    case FailureKind::reset:
      // A response that will not be sent; it only shows in a trace of the server.
      send(response, server::error_reply(500, kDetail, request.path, true));
      return Ending::drop_connection;
    case FailureKind::malformed_json:
      send(response, {200, truncated(routes_.answer(request.path, request.params).body)});
      return Ending::respond;
    case FailureKind::server_error:
    case FailureKind::slow:  // answered normally, after its delay
      break;
  }
  send(response, server::error_reply(500, kDetail, request.path, true));
  return Ending::respond;
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

void ApiServer::hold_requests() {
  impl_->wait_room().hold();
}

void ApiServer::release_requests() {
  impl_->wait_room().release();
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
