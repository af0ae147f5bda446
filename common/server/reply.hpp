// What the server answers a request with, before it goes out over HTTP.
#pragma once

#include <string>
#include <string_view>

namespace conclab::server {

inline constexpr std::string_view kJsonType = "application/json";
inline constexpr std::string_view kHtmlType = "text/html; charset=utf-8";

/// A response: status, body and its content type.
struct Reply {
  int status = 200;
  std::string body;
  std::string content_type{kJsonType};
};

/// The standard reason phrase of `status` ("Not Found"), or "Error" for one not used here.
std::string_view reason_phrase(int status);

/// A JSON error reply: `{"status":..,"error":"<reason>","detail":..,"path":..}`, with
/// `"injected":true` when a failure rule caused it.
Reply error_reply(int status, std::string_view detail, std::string_view path,
                  bool injected = false);

}  // namespace conclab::server
