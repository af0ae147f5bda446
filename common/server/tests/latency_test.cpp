// Latency tests check lower bounds only: a loaded machine may always be slower.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "conclab/api_server.hpp"
#include "server_test_support.hpp"

using namespace std::chrono_literals;
using conclab::ApiServer;
using conclab::Latency;
using conclab::testing::client_of;

namespace {

/// How long GET `path` took; the request must succeed.
std::chrono::steady_clock::duration time_get(httplib::Client& client, const std::string& path) {
  const auto start = std::chrono::steady_clock::now();
  const httplib::Result result = client.Get(path);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE(result);
  CHECK(result->status == 200);
  return elapsed;
}

}  // namespace

TEST_CASE("a fixed latency delays every request at least that long") {
  const ApiServer server({.latency = Latency::fixed(60ms)});
  httplib::Client client = client_of(server);
  CHECK(time_get(client, "/whitelabels") >= 60ms);
  CHECK(time_get(client, "/starlink") >= 60ms);
  // Errors are delayed too, like a real server's.
  const auto start = std::chrono::steady_clock::now();
  const httplib::Result missing = client.Get("/no/such/path");
  CHECK(std::chrono::steady_clock::now() - start >= 60ms);
  REQUIRE(missing);
  CHECK(missing->status == 404);
}

TEST_CASE("a uniform latency delays every request at least its minimum") {
  const ApiServer server({.latency = Latency::uniform(40ms, 80ms)});
  httplib::Client client = client_of(server);
  for (int i = 1; i <= 3; ++i) {
    CHECK(time_get(client, "/pages/" + std::to_string(i)) >= 40ms);
  }
}

TEST_CASE("a path latency applies to the paths its pattern matches") {
  const ApiServer server({.path_latencies = {{"/pages*", Latency::fixed(70ms)}}});
  httplib::Client client = client_of(server);
  CHECK(time_get(client, "/pages/2") >= 70ms);
  CHECK(time_get(client, "/pages") >= 70ms);
}

TEST_CASE("latencies can be changed while the server runs") {
  ApiServer server;
  httplib::Client client = client_of(server);
  server.set_latency(Latency::fixed(50ms));
  CHECK(time_get(client, "/whitelabels") >= 50ms);
  server.set_path_latency("/starlink*", Latency::fixed(90ms));
  CHECK(time_get(client, "/starlink") >= 90ms);
}

TEST_CASE("a slow failure adds its delay to the latency") {
  const ApiServer server({.latency = Latency::fixed(40ms),
                          .failures = {{"/pages/1", conclab::FailureKind::slow, 0, 60ms}}});
  httplib::Client client = client_of(server);
  CHECK(time_get(client, "/pages/1") >= 100ms);
}
