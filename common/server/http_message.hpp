// HTTP/1.1 requests and responses as the server's event loop reads and writes them.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api_routes.hpp"

namespace conclab::server {

/// One request, parsed: the request line, the headers the server acts on, and the body.
struct HttpRequest {
  std::string method;  ///< "GET", "HEAD", ...
  std::string target;  ///< As sent: path and query, still percent-encoded.
  std::string path;    ///< The target's path, percent-decoded.
  QueryParams query;   ///< The target's query, split and percent-decoded.
  std::string body;
  /// Whether the client wants the connection kept open after the response (HTTP/1.1 unless
  /// "Connection: close"; HTTP/1.0 only with "Connection: keep-alive").
  bool keep_alive = true;
};

/// One response: status, content and any extra header lines.
struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< Extra headers, e.g. Allow.
};

/// The bytes of `response`: status line, headers (Content-Type, Content-Length, Connection),
/// then the body, unless `head_only` (the answer to HEAD: the same headers, no body).
std::string serialize(const HttpResponse& response, bool head_only, bool keep_alive);

}  // namespace conclab::server
