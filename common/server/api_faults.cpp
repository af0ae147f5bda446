#include "conclab/api_faults.hpp"

#include <array>
#include <charconv>
#include <stdexcept>
#include <string>
#include <utility>

namespace conclab {

namespace {

constexpr std::array<std::pair<FailureKind, std::string_view>, 6> kFailureNames = {{
    {FailureKind::forbidden, "403"},
    {FailureKind::not_found, "404"},
    {FailureKind::server_error, "500"},
    {FailureKind::reset, "reset"},
    {FailureKind::slow, "slow"},
    {FailureKind::malformed_json, "malformed"},
}};

[[noreturn]] void reject(std::string_view what, std::string_view text) {
  throw std::invalid_argument(std::string(what) + ": '" + std::string(text) + "'");
}

/// All of `text` as a whole number (digits only), or an exception naming `what`.
std::uint64_t parse_count(std::string_view text, std::string_view what) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
    reject(what, text);
  }
  return value;
}

std::chrono::milliseconds parse_milliseconds(std::string_view text) {
  return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(
      parse_count(text, "not a number of milliseconds")));
}

/// "PATTERN=VALUE" split at its last '=', the pattern starting with '/'.
std::pair<std::string_view, std::string_view> split_assignment(std::string_view text) {
  const std::size_t equals = text.rfind('=');
  if (equals == std::string_view::npos || !text.starts_with('/')) {
    reject("expected /PATH=VALUE", text);
  }
  return {text.substr(0, equals), text.substr(equals + 1)};
}

FailureKind parse_failure_kind(std::string_view text) {
  for (const auto& [kind, name] : kFailureNames) {
    if (name == text) {
      return kind;
    }
  }
  reject("unknown failure kind (403, 404, 500, reset, slow, malformed)", text);
}

}  // namespace

std::string_view to_string(FailureKind kind) {
  for (const auto& [known, name] : kFailureNames) {
    if (known == kind) {
      return name;
    }
  }
  return "unknown";
}

Latency parse_latency(std::string_view text) {
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    return Latency::fixed(parse_milliseconds(text));
  }
  const Latency latency = Latency::uniform(parse_milliseconds(text.substr(0, dots)),
                                           parse_milliseconds(text.substr(dots + 2)));
  if (latency.min > latency.max) {
    reject("the shortest latency is above the longest", text);
  }
  return latency;
}

PathLatency parse_path_latency(std::string_view text) {
  const auto [pattern, latency] = split_assignment(text);
  return {std::string(pattern), parse_latency(latency)};
}

FailureRule parse_failure_rule(std::string_view text) {
  auto [pattern, spec] = split_assignment(text);
  FailureRule rule;
  rule.pattern = std::string(pattern);
  if (const std::size_t at = spec.rfind('@'); at != std::string_view::npos) {
    rule.nth = parse_count(spec.substr(at + 1), "not a request number");
    if (rule.nth == 0) {
      reject("requests are counted from 1", text);
    }
    spec = spec.substr(0, at);
  }
  const std::size_t colon = spec.find(':');
  rule.kind = parse_failure_kind(spec.substr(0, colon));
  if (colon != std::string_view::npos) {
    if (rule.kind != FailureKind::slow) {
      reject("only 'slow' takes a delay", text);
    }
    rule.delay = parse_milliseconds(spec.substr(colon + 1));
  }
  return rule;
}

bool path_matches(std::string_view pattern, std::string_view path) {
  // Greedy matching with one backtracking point: the last '*' seen and where it began to match.
  std::size_t p = 0;
  std::size_t s = 0;
  std::size_t star = std::string_view::npos;
  std::size_t star_match = 0;
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_match = s;
    } else if (p < pattern.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++star_match;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

}  // namespace conclab
