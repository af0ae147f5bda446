#include "fetch_outcome.hpp"

#include <utility>

namespace lab03 {

FetchOutcome FetchOutcome::success(std::string path, nlohmann::json body) {
  return {std::move(path), FetchStatus::ok, 200, std::move(body), {}};
}

FetchOutcome FetchOutcome::failure(std::string path, FetchStatus status, int http_status,
                                   std::string detail) {
  return {std::move(path), status, http_status, nullptr, std::move(detail)};
}

std::string to_string(FetchStatus status) {
  switch (status) {
    case FetchStatus::ok:
      return "ok";
    case FetchStatus::not_fetched:
      return "never fetched";
    case FetchStatus::http_error:
      return "HTTP error";
    case FetchStatus::no_response:
      return "no response";
    case FetchStatus::timed_out:
      return "timed out";
    case FetchStatus::malformed_json:
      return "malformed JSON";
  }
  return "unknown";
}

std::string describe(const FetchOutcome& outcome) {
  std::string line = outcome.path + ": ";
  if (outcome.status == FetchStatus::http_error) {
    line += "HTTP " + std::to_string(outcome.http_status);
  } else {
    line += to_string(outcome.status);
  }
  if (!outcome.detail.empty()) {
    line += " (" + outcome.detail + ")";
  }
  return line;
}

std::string failure_report(const std::vector<FetchOutcome>& outcomes) {
  std::string report;
  for (const FetchOutcome& outcome : outcomes) {
    if (!outcome.ok()) {
      report += describe(outcome) + "\n";
    }
  }
  return report;
}

}  // namespace lab03
