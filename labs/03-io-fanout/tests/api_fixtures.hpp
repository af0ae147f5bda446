/// @file api_fixtures.hpp
/// @brief What the lab's tests share: paths of records the server holds, checks of outcomes,
/// and a guard that never leaves held requests behind.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <exception>
#include <ostream>
#include <string>
#include <vector>

#include "conclab/api_datasets.hpp"
#include "conclab/api_server.hpp"
#include "conclab/testing/release_on_exit.hpp"
#include "fetch_outcome.hpp"
#include "records.hpp"

namespace lab03 {

/// GoogleTest prints a FetchStatus in a failed assertion by its name ("timed out"), not as the
/// bytes of an enum.
inline void PrintTo(FetchStatus status, std::ostream* out) {
  *out << to_string(status);
}

}  // namespace lab03

namespace lab03::testing {

/// "/connections/{id}" for the first `count` connections of `datasets`: unique paths.
inline std::vector<std::string> connection_record_paths(const conclab::ApiDatasets& datasets,
                                                        std::size_t count) {
  std::vector<std::string> paths;
  for (const conclab::Connection& connection : datasets.connections()) {
    if (paths.size() == count) {
      break;
    }
    paths.push_back("/connections/" + std::to_string(connection.id));
  }
  return paths;
}

/// "/starlink/{id}" for the first `count` satellites of `datasets`.
inline std::vector<std::string> satellite_record_paths(const conclab::ApiDatasets& datasets,
                                                       std::size_t count) {
  std::vector<std::string> paths;
  for (const conclab::Satellite& satellite : datasets.satellites()) {
    if (paths.size() == count) {
      break;
    }
    paths.push_back(satellite_path(satellite.id));
  }
  return paths;
}

/// The record id at the end of a path ("/connections/17" -> "17").
inline std::string last_segment(const std::string& path) {
  return path.substr(path.rfind('/') + 1);
}

/// The id field of a record as text (connections have numbers, satellites strings).
inline std::string id_text(const nlohmann::json& record) {
  if (!record.is_object() || !record.contains("id")) {
    return "(no id)";
  }
  const nlohmann::json& id = record["id"];
  return id.is_string() ? id.get<std::string>() : id.dump();
}

/// Passes when there is one ok outcome per path, in the order of `paths`, each holding the
/// record its path names; otherwise says what is wrong with the first outcome that is.
inline ::testing::AssertionResult one_good_record_per_path(
    const std::vector<FetchOutcome>& outcomes, const std::vector<std::string>& paths) {
  if (outcomes.size() != paths.size()) {
    return ::testing::AssertionFailure() << outcomes.size() << " outcomes for " << paths.size()
                                         << " paths: there must be exactly one outcome per path";
  }
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const FetchOutcome& outcome = outcomes[i];
    if (outcome.path != paths[i]) {
      return ::testing::AssertionFailure()
             << "outcome " << i << " is for '" << outcome.path << "' but path " << i << " is '"
             << paths[i] << "': the outcomes must come back in the order of the paths";
    }
    if (!outcome.ok()) {
      return ::testing::AssertionFailure() << "outcome " << i << " failed: " << describe(outcome);
    }
    if (id_text(outcome.body) != last_segment(paths[i])) {
      return ::testing::AssertionFailure()
             << "outcome " << i << " (" << paths[i] << ") holds the record of id "
             << id_text(outcome.body) << ": a body ended up under the wrong path";
    }
  }
  return ::testing::AssertionSuccess();
}

/// Runs `call` and returns its result; if it throws, fails the test saying so and returns an
/// empty result. A failed request must be reported, not thrown: an exception loses every
/// result already fetched.
template <typename Call>
auto without_exceptions(const char* what, const Call& call) -> decltype(call()) {
  try {
    return call();
  } catch (const std::exception& error) {
    ADD_FAILURE() << what << " threw an exception (" << error.what()
                  << "). A failed request must become an outcome in `failures`, not an "
                     "exception: the exception throws away every result fetched so far.";
  }
  return {};
}

using ReleaseOnExit = conclab::testing::ReleaseOnExit;

}  // namespace lab03::testing
