// Helpers the server's tests share: clients that give up instead of hanging, and many
// requests started together.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <latch>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "conclab/api_server.hpp"
#include "conclab/testing/release_on_exit.hpp"

namespace conclab::testing {

/// A client of `server` with timeouts, so that a broken server fails a test instead of
/// hanging it.
inline httplib::Client client_of(const ApiServer& server) {
  httplib::Client client(server.base_url());
  client.set_connection_timeout(std::chrono::seconds(10));
  client.set_read_timeout(std::chrono::seconds(60));
  client.set_tcp_nodelay(true);
  return client;
}

/// GET `path`, which must answer 200 with JSON; the parsed body.
inline nlohmann::json get_json(httplib::Client& client, const std::string& path) {
  const httplib::Result result = client.Get(path);
  REQUIRE_MESSAGE(result, "GET " << path << ": " << httplib::to_string(result.error()));
  REQUIRE_MESSAGE(result->status == 200, "GET " << path << ": " << result->body);
  CHECK(result->get_header_value("Content-Type") == "application/json");
  return nlohmann::json::parse(result->body);
}

/// The outcome of one request: its status, or -1 when no response came.
struct Outcome {
  int status = -1;
  std::string body;
};

/// `count` threads that each send one GET, all released together; joined by join() or the
/// destructor. Request i goes to path_of(i), each on its own connection.
class ConcurrentGets {
 public:
  ConcurrentGets(const ApiServer& server, std::size_t count,
                 const std::function<std::string(std::size_t)>& path_of)
      : outcomes_(count), ready_(static_cast<std::ptrdiff_t>(count) + 1) {
    for (std::size_t i = 0; i < count; ++i) {
      threads_.emplace_back([this, &server, i, path = path_of(i)] {
        httplib::Client client = client_of(server);
        ready_.arrive_and_wait();
        if (const httplib::Result result = client.Get(path)) {
          outcomes_[i] = {result->status, result->body};
        }
      });
    }
    ready_.arrive_and_wait();  // return once every thread is about to send
  }

  /// Waits for every response; then outcomes() is complete.
  void join() { threads_.clear(); }
  /// One outcome per request, by index.
  [[nodiscard]] const std::vector<Outcome>& outcomes() const { return outcomes_; }

 private:
  std::vector<Outcome> outcomes_;
  std::latch ready_;
  std::vector<std::jthread> threads_;  // last: joined before outcomes_ goes
};

}  // namespace conclab::testing
