#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>

#include "conclab/api_server.hpp"
#include "server_test_support.hpp"

using namespace std::chrono_literals;
using conclab::ApiServer;
using conclab::testing::client_of;
using conclab::testing::ConcurrentGets;
using conclab::testing::get_json;
using conclab::testing::ReleaseOnExit;

namespace {

/// Generous: only a broken server makes a test wait this long.
constexpr auto kPatience = 60s;

#ifdef CONCLAB_UNDER_SANITIZER
constexpr std::size_t kManyClients = 64;  // threads are costly under a sanitizer
#else
constexpr std::size_t kManyClients = 256;
#endif

std::string satellite_path(const ApiServer& server, std::size_t i) {
  const auto& satellites = server.datasets().satellites();
  return "/starlink/" + satellites[i % satellites.size()].id;
}

}  // namespace

TEST_CASE("the counters count requests served, by path, and start from zero after a reset") {
  ApiServer server;
  CHECK(server.stats().requests_served == 0);
  httplib::Client client = client_of(server);
  get_json(client, "/whitelabels");
  get_json(client, "/whitelabels/1/connections");
  get_json(client, "/whitelabels/1/connections");
  CHECK(client.Get("/missing"));
  get_json(client, "/health");  // not counted
  get_json(client, "/stats");   // not counted
  conclab::ServerStats stats = server.stats();
  CHECK(stats.requests_served == 4);
  CHECK(stats.requests_in_flight == 0);
  CHECK(stats.max_in_flight == 1);
  CHECK(stats.requests_by_path.at("/whitelabels/1/connections") == 2);
  CHECK(stats.requests_by_path.at("/missing") == 1);
  CHECK(stats.requests_by_path.size() == 3);
  server.reset_stats();
  stats = server.stats();
  CHECK(stats.requests_served == 0);
  CHECK(stats.max_in_flight == 0);
  CHECK(stats.requests_by_path.empty());
}

TEST_CASE("held requests stay in flight until released, and max_in_flight counts them all") {
  constexpr std::size_t kClients = 32;
  ApiServer server;
  server.hold_requests();
  ConcurrentGets gets(server, kClients, [&](std::size_t i) { return satellite_path(server, i); });
  const ReleaseOnExit release(server);
  REQUIRE(server.wait_until_in_flight(kClients, kPatience));
  CHECK(server.stats().requests_in_flight == kClients);
  CHECK(server.stats().requests_served == 0);
  server.release_requests();
  gets.join();
  const conclab::ServerStats stats = server.stats();
  CHECK(stats.max_in_flight == kClients);
  CHECK(stats.requests_in_flight == 0);
  CHECK(stats.requests_served == kClients);
  for (const auto& outcome : gets.outcomes()) {
    CHECK(outcome.status == 200);
  }
}

TEST_CASE("at least 256 requests are handled at once by default") {
  ApiServer server;
  server.hold_requests();
  ConcurrentGets gets(server, kManyClients,
                      [&](std::size_t i) { return satellite_path(server, i); });
  const ReleaseOnExit release(server);
  CHECK(server.wait_until_in_flight(kManyClients, kPatience));
  server.release_requests();
  gets.join();
  CHECK(server.stats().max_in_flight == kManyClients);
  CHECK(server.stats().requests_served == kManyClients);
}

TEST_CASE("max_concurrent_requests caps the requests in flight at once") {
  ApiServer server({.max_concurrent_requests = 4});
  server.hold_requests();
  ConcurrentGets gets(server, 10, [](std::size_t i) { return "/pages/" + std::to_string(i + 1); });
  const ReleaseOnExit release(server);
  REQUIRE(server.wait_until_in_flight(4, kPatience));
  server.release_requests();
  gets.join();
  CHECK(server.stats().max_in_flight == 4);
  CHECK(server.stats().requests_served == 10);
}

TEST_CASE("requests sleeping their latency are all in flight at once") {
  // The latency is far longer than any delay in starting the clients, so every request is
  // still sleeping when the last one arrives; stopping the server then cuts the sleeps short.
  constexpr std::size_t kClients = 12;
  std::optional<ApiServer> server(std::in_place,
                                  conclab::ServerOptions{.latency = conclab::Latency::fixed(30s)});
  ConcurrentGets gets(*server, kClients, [](std::size_t i) {
    return "/whitelabels/" + std::to_string(i + 1) + "/connections";
  });
  CHECK(server->wait_until_in_flight(kClients, kPatience));
  CHECK(server->stats().max_in_flight == kClients);
  server.reset();
  gets.join();
  for (const auto& outcome : gets.outcomes()) {
    CHECK(outcome.status == 503);  // "the server is stopping"
  }
}

TEST_CASE("waiting for requests in flight gives up after its timeout") {
  const ApiServer server;
  CHECK_FALSE(server.wait_until_in_flight(1, 20ms));
}

TEST_CASE("reset_stats keeps counting the requests still in flight") {
  ApiServer server;
  server.hold_requests();
  ConcurrentGets gets(server, 3, [](std::size_t) { return std::string("/whitelabels"); });
  const ReleaseOnExit release(server);
  REQUIRE(server.wait_until_in_flight(3, kPatience));
  server.reset_stats();
  CHECK(server.stats().max_in_flight == 3);
  CHECK(server.stats().requests_in_flight == 3);
  server.release_requests();
  gets.join();
  CHECK(server.stats().requests_served == 3);
  CHECK(server.stats().requests_in_flight == 0);
}
