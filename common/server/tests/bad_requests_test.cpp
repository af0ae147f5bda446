// Every bad request gets a JSON error with the right status, and the server carries on.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <array>
#include <string>

#include "conclab/api_server.hpp"
#include "server_test_support.hpp"

using conclab::ApiServer;
using conclab::testing::client_of;
using nlohmann::json;

namespace {

/// GET `path`; checks that the answer is a JSON error with `status` and returns its body.
json expect_error(httplib::Client& client, const std::string& path, int status) {
  CAPTURE(path);
  const httplib::Result result = client.Get(path);
  REQUIRE(result);
  CHECK(result->status == status);
  CHECK(result->get_header_value("Content-Type") == "application/json");
  REQUIRE(json::accept(result->body));
  json body = json::parse(result->body);
  CHECK(body.at("status") == status);
  CHECK(body.at("error").is_string());
  CHECK(body.at("detail").is_string());
  CHECK_FALSE(body.contains("injected"));
  return body;
}

/// Whether `reply` holds a whole response: its headers, and as many body bytes as its
/// Content-Length says.
bool is_complete(const std::string& reply) {
  const std::size_t header_end = reply.find("\r\n\r\n");
  if (header_end == std::string::npos) {
    return false;
  }
  const std::string length_field = "Content-Length: ";
  const std::size_t length_at = reply.find(length_field);
  if (length_at == std::string::npos || length_at > header_end) {
    return true;
  }
  const std::size_t length = std::stoul(reply.substr(length_at + length_field.size()));
  return reply.size() >= header_end + 4 + length;
}

/// Sends `request` as raw bytes over a new connection; the response (or what came of it
/// before the server closed the connection or 10 s passed).
std::string send_raw(std::uint16_t port, const std::string& request) {
  const int socket = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(socket >= 0);
  const timeval timeout{10, 0};
  ::setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
  REQUIRE(::connect(socket, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0);
  REQUIRE(::send(socket, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size()));
  std::string reply;
  std::array<char, 4096> buffer{};
  while (!is_complete(reply)) {
    const ssize_t n = ::recv(socket, buffer.data(), buffer.size(), 0);
    if (n <= 0) {
      break;
    }
    reply.append(buffer.data(), static_cast<std::size_t>(n));
  }
  ::close(socket);
  return reply;
}

}  // namespace

TEST_CASE("an unknown path gets 404") {
  const ApiServer server;
  httplib::Client client = client_of(server);
  for (const std::string path : {"/nothing", "/whitelabels/1/nothing", "/starlink/a/b",
                                 "/pages/1/pdf", "/whitelabels/", "/connections/1/x"}) {
    const json body = expect_error(client, path, 404);
    CHECK(body["path"] == path);
  }
}

TEST_CASE("a malformed id gets 400; a well-formed id that does not exist gets 404") {
  const ApiServer server;
  httplib::Client client = client_of(server);
  expect_error(client, "/whitelabels/abc", 400);
  expect_error(client, "/whitelabels/-1/connections", 400);
  expect_error(client, "/whitelabels/1234567890123/connections", 400);
  expect_error(client, "/connections/1x", 400);
  expect_error(client, "/starlink/not-an-id", 400);
  expect_error(client, "/starlink/5F000000000000000000000A", 400);  // upper case
  expect_error(client, "/pages/one", 400);
  expect_error(client, "/whitelabels/0", 404);
  expect_error(client, "/whitelabels/23/connections", 404);
  expect_error(client, "/connections/5", 404);
  expect_error(client, "/starlink/000000000000000000000000", 404);
  expect_error(client, "/pages/81", 404);
  expect_error(client, "/pages/81/html", 404);
}

TEST_CASE("a malformed query gets 400") {
  const ApiServer server;
  httplib::Client client = client_of(server);
  expect_error(client, "/starlink?limit=abc", 400);
  expect_error(client, "/starlink?limit=-3", 400);
  expect_error(client, "/pages?limit=", 400);
  expect_error(client, "/pages?limit=1&limit=2", 400);
  expect_error(client, "/pages?page=2", 400);
  expect_error(client, "/whitelabels?verbose=1", 400);
  expect_error(client, "/connections", 400);
  expect_error(client, "/connections?whitelabel=", 400);
  expect_error(client, "/connections?whitelabel=x", 400);
  expect_error(client, "/connections?whitelabel=3&x=1", 400);
  expect_error(client, "/connections?whitelabel=99", 404);
}

TEST_CASE("methods other than GET and HEAD get 405 with an Allow header") {
  const ApiServer server;
  httplib::Client client = client_of(server);
  const httplib::Result post = client.Post("/whitelabels", "{}", "application/json");
  const httplib::Result put = client.Put("/pages/1", "{}", "application/json");
  const httplib::Result erase = client.Delete("/starlink");
  const httplib::Result patch = client.Patch("/pages/1", "{}", "application/json");
  for (const httplib::Result* result : {&post, &put, &erase, &patch}) {
    REQUIRE(*result);
    CHECK((*result)->status == 405);
    CHECK((*result)->get_header_value("Allow") == "GET, HEAD");
    CHECK(json::parse((*result)->body)["status"] == 405);
  }
  CHECK(server.stats().requests_served == 0);
}

TEST_CASE("garbage instead of HTTP gets a 400 with a JSON body, and the server carries on") {
  const ApiServer server;
  const std::string reply = send_raw(server.port(), "HELLO THERE\r\n\r\n");
  CHECK(reply.starts_with("HTTP/1.1 400"));
  CHECK(reply.find(R"("status":400)") != std::string::npos);
  const std::string unknown_method = send_raw(server.port(), "BREW /pot HTTP/1.1\r\n\r\n");
  CHECK(unknown_method.starts_with("HTTP/1.1 400"));
  httplib::Client client = client_of(server);
  const httplib::Result after = client.Get("/health");
  REQUIRE(after);
  CHECK(after->status == 200);
}

TEST_CASE("strange paths get an answer, never a crash") {
  const ApiServer server;
  httplib::Client client = client_of(server);
  expect_error(client, "/pages/%0A", 400);  // a newline in the id
  expect_error(client, "/%FF%FE", 404);     // not UTF-8
  expect_error(client, "/" + std::string(3000, 'a'), 404);
  const std::string reply = send_raw(server.port(), "GET nothing HTTP/1.1\r\n\r\n");
  CHECK(reply.starts_with("HTTP/1.1 400"));
}
