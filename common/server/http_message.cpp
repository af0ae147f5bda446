#include "http_message.hpp"

#include "reply.hpp"

namespace conclab::server {

std::string serialize(const HttpResponse& response, bool head_only, bool keep_alive) {
  std::string bytes = "HTTP/1.1 " + std::to_string(response.status) + " ";
  bytes += reason_phrase(response.status);
  bytes += "\r\nContent-Type: ";
  bytes += response.content_type;
  bytes += "\r\nContent-Length: ";
  bytes += std::to_string(response.body.size());
  bytes += keep_alive ? "\r\nConnection: keep-alive" : "\r\nConnection: close";
  for (const auto& [name, value] : response.headers) {
    bytes.append("\r\n").append(name).append(": ").append(value);
  }
  bytes += "\r\n\r\n";
  if (!head_only) {
    bytes += response.body;
  }
  return bytes;
}

}  // namespace conclab::server
