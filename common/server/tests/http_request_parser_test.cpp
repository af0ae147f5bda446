// Reading requests out of a connection's bytes: whole, partial, and malformed.
#include "http_request_parser.hpp"

#include <doctest/doctest.h>

#include <string>

using conclab::server::parse_request;
using conclab::server::ParsedRequest;
using conclab::server::percent_decode;

TEST_CASE("a whole GET is parsed: method, decoded path, query, keep-alive") {
  const std::string bytes =
      "GET /pages/%31?limit=5&name=a+b%21 HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1";
  const ParsedRequest parsed = parse_request(bytes);
  REQUIRE(parsed.request);
  CHECK(parsed.error_status == 0);
  CHECK(parsed.request->method == "GET");
  CHECK(parsed.request->path == "/pages/1");
  CHECK(parsed.request->query.find("limit")->second == "5");
  CHECK(parsed.request->query.find("name")->second == "a b!");
  CHECK(parsed.request->keep_alive);
  CHECK(bytes.substr(parsed.consumed) == "GET /next HTTP/1.1");  // the next one stays
}

TEST_CASE("a request not yet complete asks for more bytes") {
  for (const std::string partial : {"GET /pages HTTP/1.1\r\nHost: x\r\n",
                                    "POST /stats/reset HTTP/1.1\r\nContent-Length: 4\r\n\r\nab"}) {
    CAPTURE(partial);
    const ParsedRequest parsed = parse_request(partial);
    CHECK_FALSE(parsed.request);
    CHECK(parsed.error_status == 0);
  }
}

TEST_CASE("a body is read as long as Content-Length says") {
  const ParsedRequest parsed =
      parse_request("POST /stats/reset HTTP/1.1\r\ncontent-length: 4\r\n\r\nabcdGET");
  REQUIRE(parsed.request);
  CHECK(parsed.request->body == "abcd");
  CHECK(parsed.consumed ==
        std::string("POST /stats/reset HTTP/1.1\r\ncontent-length: 4\r\n\r\nabcd").size());
}

TEST_CASE("Connection headers decide keep-alive, by HTTP version") {
  CHECK_FALSE(parse_request("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").request->keep_alive);
  CHECK_FALSE(parse_request("GET / HTTP/1.0\r\n\r\n").request->keep_alive);
  CHECK(parse_request("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").request->keep_alive);
}

TEST_CASE("malformed requests are rejected with the status to answer") {
  struct Case {
    std::string bytes;
    int status;
  };
  const Case cases[] = {
      {"HELLO THERE\r\n\r\n", 400},
      {"BREW /pot HTTP/1.1\r\n\r\n", 400},
      {"GET nothing HTTP/1.1\r\n\r\n", 400},
      {"GET / HTTP/2.0\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nno colon here\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n", 413},
      {"GET /" + std::string(20000, 'a'), 431},
  };
  for (const Case& c : cases) {
    CAPTURE(c.bytes.substr(0, 40));
    const ParsedRequest parsed = parse_request(c.bytes);
    CHECK_FALSE(parsed.request);
    CHECK(parsed.error_status == c.status);
    CHECK_FALSE(parsed.problem.empty());
  }
}

TEST_CASE("percent-decoding keeps malformed escapes and turns '+' into a space only in queries") {
  CHECK(percent_decode("%41%zz%4", false) == "A%zz%4");
  CHECK(percent_decode("a+b", false) == "a+b");
  CHECK(percent_decode("a+b", true) == "a b");
}
