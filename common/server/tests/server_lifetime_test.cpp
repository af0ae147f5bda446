// Starting and stopping: RAII, ports, keep-alive, and stopping with requests inside.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "conclab/api_server.hpp"
#include "conclab/watchdog.hpp"
#include "server_test_support.hpp"

using namespace std::chrono_literals;
using conclab::ApiServer;
using conclab::testing::client_of;
using conclab::testing::ConcurrentGets;
using conclab::testing::get_json;

namespace {

/// A port that was free a moment ago (the kernel's pick for a socket bound to port 0).
std::uint16_t recently_free_port() {
  const int socket = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(socket >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  // NOLINTBEGIN(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
  REQUIRE(::bind(socket, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0);
  REQUIRE(::getsockname(socket, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  // NOLINTEND(cppcoreguidelines-pro-type-reinterpret-cast)
  ::close(socket);
  return ntohs(address.sin_port);
}

}  // namespace

TEST_CASE("servers started and stopped at once, many times, never hang") {
  const conclab::Watchdog watchdog(60s, "starting and stopping servers");
  for (int i = 0; i < 20; ++i) {
    const ApiServer server;
  }
  const ApiServer last;
  httplib::Client client = client_of(last);
  CHECK(get_json(client, "/health")["status"] == "ok");
}

TEST_CASE("two servers run side by side on different ports") {
  const ApiServer first;
  const ApiServer second({.seed = 99});
  CHECK(first.port() != second.port());
  httplib::Client first_client = client_of(first);
  httplib::Client second_client = client_of(second);
  get_json(first_client, "/whitelabels");
  CHECK(first.stats().requests_served == 1);
  CHECK(second.stats().requests_served == 0);
}

TEST_CASE("a server can listen on a given port, and a taken port is an exception") {
  const std::uint16_t port = recently_free_port();
  const ApiServer server({.port = port});
  CHECK(server.port() == port);
  httplib::Client client = client_of(server);
  CHECK(get_json(client, "/health")["status"] == "ok");
  CHECK_THROWS_AS(ApiServer({.port = port}), std::runtime_error);
}

TEST_CASE("stopping the server cuts latencies and holds short: clients get 503") {
  const conclab::Watchdog watchdog(60s, "stopping a server with requests inside");
  std::optional<ApiServer> server(std::in_place,
                                  conclab::ServerOptions{.latency = conclab::Latency::fixed(60s)});
  ConcurrentGets sleeping(*server, 4, [](std::size_t) { return std::string("/starlink"); });
  REQUIRE(server->wait_until_in_flight(4, 60s));
  server->hold_requests();
  server->set_latency({});
  ConcurrentGets held(*server, 4, [](std::size_t) { return std::string("/pages"); });
  REQUIRE(server->wait_until_in_flight(8, 60s));
  server.reset();  // must not wait out the minute of latency, nor the hold
  sleeping.join();
  held.join();
  for (const auto* gets : {&sleeping, &held}) {
    for (const auto& outcome : gets->outcomes()) {
      CHECK(outcome.status == 503);
    }
  }
}

TEST_CASE("one keep-alive connection carries many requests") {
  const ApiServer server;
  httplib::Client client = client_of(server);
  client.set_keep_alive(true);
  for (int i = 1; i <= 50; ++i) {
    get_json(client, "/pages/" + std::to_string(i));
  }
  CHECK(server.stats().requests_served == 50);
}

TEST_CASE("idle keep-alive connections do not lock new clients out") {
  // Only requests take room: with room for 2 and 2 idle keep-alive connections, a third
  // client is served at once.
  const ApiServer server({.max_concurrent_requests = 2, .keep_alive_timeout = 30s});
  std::vector<httplib::Client> idle;
  for (int i = 0; i < 2; ++i) {
    idle.push_back(client_of(server));
    idle.back().set_keep_alive(true);
    get_json(idle.back(), "/whitelabels");
  }
  httplib::Client newcomer = client_of(server);
  const auto start = std::chrono::steady_clock::now();
  CHECK(get_json(newcomer, "/starlink").size() == conclab::kSatelliteCount);
  CHECK(std::chrono::steady_clock::now() - start < 10s);  // not after the idle ones time out
}

TEST_CASE("an idle keep-alive connection is closed after keep_alive_timeout") {
  const ApiServer server({.keep_alive_timeout = 1s});
  httplib::Client client = client_of(server);
  client.set_keep_alive(true);
  get_json(client, "/health");
  std::this_thread::sleep_for(1500ms);
  // The client notices the closed connection and opens a new one: the request succeeds.
  CHECK(get_json(client, "/health")["status"] == "ok");
}

TEST_CASE("destroying the server does not wait for idle keep-alive connections") {
  std::optional<ApiServer> server(std::in_place, conclab::ServerOptions{.keep_alive_timeout = 30s});
  httplib::Client client = client_of(*server);
  client.set_keep_alive(true);
  get_json(client, "/health");
  const auto start = std::chrono::steady_clock::now();
  server.reset();
  CHECK(std::chrono::steady_clock::now() - start < 1s);
}
