#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "conclab/api_server.hpp"
#include "server_test_support.hpp"

using namespace std::chrono_literals;
using conclab::ApiServer;
using conclab::FailureKind;
using conclab::testing::client_of;
using nlohmann::json;

namespace {

/// GET `path`, which must get a response; the response.
httplib::Response get(httplib::Client& client, const std::string& path) {
  httplib::Result result = client.Get(path);
  REQUIRE_MESSAGE(result, "GET " << path << ": " << httplib::to_string(result.error()));
  return *result;
}

void check_injected_error(const httplib::Response& response, int status, const std::string& path) {
  CHECK(response.status == status);
  CHECK(response.get_header_value("Content-Type") == "application/json");
  const json body = json::parse(response.body);
  CHECK(body["status"] == status);
  CHECK(body["path"] == path);
  CHECK(body["injected"] == true);
}

}  // namespace

TEST_CASE("403, 404 and 500 failures answer that status with a JSON error") {
  const ApiServer server({.failures = {{"/pages/1", FailureKind::forbidden},
                                       {"/pages/2", FailureKind::not_found},
                                       {"/pages/3", FailureKind::server_error}}});
  httplib::Client client = client_of(server);
  check_injected_error(get(client, "/pages/1"), 403, "/pages/1");
  check_injected_error(get(client, "/pages/2"), 404, "/pages/2");
  check_injected_error(get(client, "/pages/3"), 500, "/pages/3");
  CHECK(get(client, "/pages/4").status == 200);
  CHECK(server.stats().failures_injected == 3);
  CHECK(server.stats().requests_served == 4);
}

TEST_CASE("one id can always give 404 while the others work") {
  ApiServer server;
  const std::string broken = server.datasets().satellites()[5].id;
  server.add_failure({"/starlink/" + broken, FailureKind::not_found});
  httplib::Client client = client_of(server);
  for (int attempt = 0; attempt < 3; ++attempt) {
    check_injected_error(get(client, "/starlink/" + broken), 404, "/starlink/" + broken);
  }
  for (const conclab::Satellite& satellite : server.datasets().satellites()) {
    if (satellite.id != broken) {
      CHECK(get(client, "/starlink/" + satellite.id).status == 200);
    }
  }
}

TEST_CASE("a reset closes the connection without a response; the server carries on") {
  ApiServer server;
  server.add_failure({"/whitelabels/2/connections", FailureKind::reset});
  httplib::Client client = client_of(server);
  const httplib::Result dropped = client.Get("/whitelabels/2/connections");
  CHECK_FALSE(dropped);
  CHECK(dropped.error() != httplib::Error::Success);
  CHECK(get(client, "/whitelabels/3/connections").status == 200);
  // On a keep-alive connection too: the request fails, the next one gets a new connection.
  client.set_keep_alive(true);
  CHECK(get(client, "/whitelabels/1/connections").status == 200);
  CHECK_FALSE(client.Get("/whitelabels/2/connections"));
  CHECK(get(client, "/whitelabels/1/connections").status == 200);
  CHECK(server.stats().failures_injected == 2);
}

TEST_CASE("a slow failure answers normally after its extra delay") {
  const ApiServer server({.failures = {{"/pages*", FailureKind::slow, 0, 150ms}}});
  httplib::Client client = client_of(server);
  const auto start = std::chrono::steady_clock::now();
  const httplib::Response response = get(client, "/pages/9");
  CHECK(std::chrono::steady_clock::now() - start >= 150ms);
  CHECK(response.status == 200);
  CHECK(json::parse(response.body)["title"] == server.datasets().find_page(9)->title);
  CHECK(server.stats().failures_injected == 1);
}

TEST_CASE("a malformed-JSON failure answers 200 with a body that does not parse") {
  const ApiServer server({.failures = {{"*", FailureKind::malformed_json}}});
  httplib::Client client = client_of(server);
  for (const std::string path : {"/whitelabels", "/starlink", "/pages/3", "/whitelabels/1"}) {
    CAPTURE(path);
    const httplib::Response response = get(client, path);
    CHECK(response.status == 200);
    CHECK(response.get_header_value("Content-Type") == "application/json");
    CHECK_FALSE(json::accept(response.body));
  }
}

TEST_CASE("only the 7th connection request fails, when asked one after another") {
  const ApiServer server({.failures = {conclab::parse_failure_rule("/connections*=500@7")}});
  httplib::Client client = client_of(server);
  for (int whitelabel = 1; whitelabel <= 22; ++whitelabel) {
    const std::string path = "/connections?whitelabel=" + std::to_string(whitelabel);
    CAPTURE(path);
    CHECK(get(client, path).status == (whitelabel == 7 ? 500 : 200));
  }
  CHECK(server.stats().failures_injected == 1);
}

TEST_CASE("only one of 22 concurrent connection requests fails with the rule @7") {
  const ApiServer server(
      {.failures = {{"/whitelabels/*/connections", FailureKind::server_error, 7}}});
  conclab::testing::ConcurrentGets gets(server, 22, [](std::size_t i) {
    return "/whitelabels/" + std::to_string(i + 1) + "/connections";
  });
  gets.join();
  const auto& outcomes = gets.outcomes();
  CHECK(std::count_if(outcomes.begin(), outcomes.end(),
                      [](const auto& outcome) { return outcome.status == 500; }) == 1);
  CHECK(std::count_if(outcomes.begin(), outcomes.end(),
                      [](const auto& outcome) { return outcome.status == 200; }) == 21);
}

TEST_CASE("failure rules can be added and cleared while the server runs") {
  ApiServer server;
  httplib::Client client = client_of(server);
  CHECK(get(client, "/pages/1").status == 200);
  server.add_failure({"/pages/1", FailureKind::server_error});
  CHECK(get(client, "/pages/1").status == 500);
  server.clear_failures();
  CHECK(get(client, "/pages/1").status == 200);
}

TEST_CASE("the first rule that fires decides") {
  const ApiServer server(
      {.failures = {{"/pages/1", FailureKind::forbidden}, {"/pages*", FailureKind::server_error}}});
  httplib::Client client = client_of(server);
  CHECK(get(client, "/pages/1").status == 403);
  CHECK(get(client, "/pages/2").status == 500);
}
