#include "fetch_one.hpp"

#include <utility>

namespace lab03 {
namespace {

/// The explanation in an error answer (the server's `{"detail": ...}`), or the body's start.
std::string server_message(const std::string& body) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_object() && json.contains("detail") && json["detail"].is_string()) {
    return json["detail"].get<std::string>();
  }
  constexpr std::size_t kMostShown = 80;
  return body.substr(0, kMostShown);
}

/// What became of `GET path`, which took `took` and ended in `result`.
FetchOutcome outcome_of(const std::string& path, const httplib::Result& result,
                        FetchClock::duration took, const FetchOptions& options) {
  if (!result) {
    const std::string error = httplib::to_string(result.error());
    // httplib reports a read that timed out like any other failed read: the time tells.
    if (result.error() == httplib::Error::ConnectionTimeout || took >= options.timeout) {
      return FetchOutcome::failure(path, FetchStatus::timed_out, 0,
                                   "no answer within " + std::to_string(options.timeout.count()) +
                                       " ms; client error: " + error);
    }
    return FetchOutcome::failure(path, FetchStatus::no_response, 0,
                                 "the connection ended without an answer; client error: " + error);
  }
  if (result->status != 200) {
    return FetchOutcome::failure(path, FetchStatus::http_error, result->status,
                                 server_message(result->body));
  }
  nlohmann::json body = nlohmann::json::parse(result->body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    return FetchOutcome::failure(
        path, FetchStatus::malformed_json, result->status,
        "the body of " + std::to_string(result->body.size()) + " bytes does not parse");
  }
  return FetchOutcome::success(path, std::move(body));
}

}  // namespace

FetchOutcome fetch_one(httplib::Client& client, const std::string& path,
                       const FetchOptions& options) {
  const auto begin = FetchClock::now();
  const httplib::Result result = client.Get(path);
  FetchOutcome outcome = outcome_of(path, result, FetchClock::now() - begin, options);
  if (options.on_fetched) {
    options.on_fetched(outcome, begin, FetchClock::now());  // the request and its parsing
  }
  return outcome;
}

}  // namespace lab03
