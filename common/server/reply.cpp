#include "reply.hpp"

#include <nlohmann/json.hpp>

namespace conclab::server {

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

Reply error_reply(int status, std::string_view detail, std::string_view path, bool injected) {
  nlohmann::ordered_json body = {
      {"status", status}, {"error", reason_phrase(status)}, {"detail", detail}, {"path", path}};
  if (injected) {
    body["injected"] = true;
  }
  // Paths come from the network and may hold invalid UTF-8: replace it rather than throw.
  return {status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
          std::string(kJsonType)};
}

}  // namespace conclab::server
