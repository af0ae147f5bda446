#include "http_request_parser.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace conclab::server {

namespace {

constexpr std::string_view kHeaderEnd = "\r\n\r\n";
constexpr std::array<std::string_view, 7> kMethods = {"GET",    "HEAD",  "POST",   "PUT",
                                                      "DELETE", "PATCH", "OPTIONS"};

ParsedRequest rejected(int status, std::string problem, std::string path = {}) {
  ParsedRequest parsed;
  parsed.error_status = status;
  parsed.problem = std::move(problem);
  parsed.path = std::move(path);
  return parsed;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
}

QueryParams parse_query(std::string_view query) {
  QueryParams params;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    const std::size_t eq = pair.find('=');
    const std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    params.emplace(percent_decode(pair.substr(0, eq), true), percent_decode(value, true));
  }
  return params;
}

/// The header fields the server acts on.
struct Headers {
  std::string_view connection;
  std::optional<std::size_t> content_length;
  bool chunked = false;
  bool malformed = false;
};

Headers read_headers(std::string_view lines) {
  Headers headers;
  while (!lines.empty()) {
    const std::size_t end = lines.find("\r\n");
    const std::string_view line = lines.substr(0, end);
    lines = end == std::string_view::npos ? std::string_view{} : lines.substr(end + 2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      headers.malformed = true;
      return headers;
    }
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trimmed(line.substr(colon + 1));
    if (equal_ignoring_case(name, "Connection")) {
      headers.connection = value;
    } else if (equal_ignoring_case(name, "Transfer-Encoding")) {
      headers.chunked = true;
    } else if (equal_ignoring_case(name, "Content-Length")) {
      std::size_t length = 0;
      const auto [ptr, error] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (error != std::errc{} || ptr != value.data() + value.size()) {
        headers.malformed = true;
        return headers;
      }
      headers.content_length = length;
    }
  }
  return headers;
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      decoded += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else if (text[i] == '+' && plus_is_space) {
      decoded += ' ';
    } else {
      decoded += text[i];
    }
  }
  return decoded;
}

ParsedRequest parse_request(std::string_view buffer) {
  const std::size_t header_end = buffer.find(kHeaderEnd);
  if (header_end == std::string_view::npos) {
    if (buffer.size() > kMaxHeaderBytes) {
      return rejected(431, "the request's headers are longer than 16 KiB");
    }
    return {};
  }
  if (header_end > kMaxHeaderBytes) {
    return rejected(431, "the request's headers are longer than 16 KiB");
  }
  const std::string_view head = buffer.substr(0, header_end);
  const std::size_t line_end = head.find("\r\n");
  const std::string_view request_line = head.substr(0, line_end);
  const std::size_t first_space = request_line.find(' ');
  const std::size_t last_space = request_line.rfind(' ');
  if (first_space == std::string_view::npos || first_space == last_space) {
    return rejected(400, "the request line is not 'METHOD /path HTTP/1.1'");
  }
  HttpRequest request;
  request.method = request_line.substr(0, first_space);
  request.target = request_line.substr(first_space + 1, last_space - first_space - 1);
  const std::string_view version = request_line.substr(last_space + 1);
  const std::size_t question = request.target.find('?');
  request.path = percent_decode(std::string_view(request.target).substr(0, question), false);
  if (std::find(kMethods.begin(), kMethods.end(), request.method) == kMethods.end() ||
      (version != "HTTP/1.1" && version != "HTTP/1.0") || !request.target.starts_with('/')) {
    return rejected(400, "the request line is not 'METHOD /path HTTP/1.1'", request.path);
  }
  if (question != std::string::npos) {
    request.query = parse_query(std::string_view(request.target).substr(question + 1));
  }
  const Headers headers = read_headers(
      line_end == std::string_view::npos ? std::string_view{} : head.substr(line_end + 2));
  if (headers.malformed || headers.chunked) {
    return rejected(400, "a header is malformed, or the body is chunked", request.path);
  }
  const std::size_t body_length = headers.content_length.value_or(0);
  if (body_length > kMaxBodyBytes) {
    return rejected(413, "the request's body is longer than 64 KiB", request.path);
  }
  const std::size_t body_start = header_end + kHeaderEnd.size();
  if (buffer.size() < body_start + body_length) {
    return {};  // the body is still coming
  }
  request.body = buffer.substr(body_start, body_length);
  request.keep_alive = version == "HTTP/1.1"
                           ? !equal_ignoring_case(headers.connection, "close")
                           : equal_ignoring_case(headers.connection, "keep-alive");
  ParsedRequest parsed;
  parsed.request = std::move(request);
  parsed.consumed = body_start + body_length;
  return parsed;
}

}  // namespace conclab::server
