/// @file fetch_outcome.hpp
/// @brief What became of one request: its parsed answer, or why there is none.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lab03 {

/// How one request ended.
enum class FetchStatus {
  ok,              ///< A 200 answer whose body is valid JSON.
  not_fetched,     ///< Nobody fetched this path (the state an outcome starts in).
  http_error,      ///< The server answered with a status other than 200.
  no_response,     ///< No answer came: the connection was refused, reset or closed.
  timed_out,       ///< No answer came within the client's timeout.
  malformed_json,  ///< A 200 answer whose body is not valid JSON.
};

/// The outcome of fetching one path. A failed request is a value like any other, never an
/// exception, so that one failure cannot take the other requests' results with it.
struct FetchOutcome {
  std::string path;                               ///< The path requested ("/starlink/5f07...").
  FetchStatus status = FetchStatus::not_fetched;  ///< How the request ended.
  int http_status = 0;  ///< The HTTP status when an answer came (200 when ok), else 0.
  nlohmann::json body;  ///< The parsed answer when ok; null otherwise.
  std::string detail;   ///< Why it failed, in words (the server's message, the client's error).

  /// Whether the request succeeded (status is FetchStatus::ok).
  [[nodiscard]] bool ok() const { return status == FetchStatus::ok; }

  /// A successful outcome for `path` with the parsed answer `body`.
  static FetchOutcome success(std::string path, nlohmann::json body);
  /// A failed outcome for `path`: how it ended, the HTTP status if any, and why.
  static FetchOutcome failure(std::string path, FetchStatus status, int http_status,
                              std::string detail);
};

/// The name of `status` in words: "ok", "never fetched", "HTTP error", "no response",
/// "timed out", "malformed JSON".
std::string to_string(FetchStatus status);

/// One line about `outcome`, e.g. "/pages/3: HTTP 403 (forbidden)" or "/pages/4: ok".
std::string describe(const FetchOutcome& outcome);

/// One line per failed outcome, in the order given (as the seed's load_url loop prints
/// "... generated an exception: ..."); empty when every request succeeded.
std::string failure_report(const std::vector<FetchOutcome>& outcomes);

}  // namespace lab03
