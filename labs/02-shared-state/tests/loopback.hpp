/// @file loopback.hpp
/// @brief Helpers for the tests that talk to the loopback API server.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "conclab/api_server.hpp"
#include "conclab/testing/release_on_exit.hpp"
#include "satellite.hpp"
#include "satellite_table.hpp"
#include "session.hpp"

namespace lab02::testing {

/// How long a test waits for something that happens at once when the code is right: only
/// wrong code makes it wait this long.
constexpr std::chrono::seconds kPatience{5};

/// A fetch from the server at `base_url` on a new connection for each request, so that it can
/// be called from any number of threads at once. It gives up after a while instead of hanging,
/// and throws FetchError when no answer or an answer other than 200 comes.
inline FetchRecord fetch_from(const std::string& base_url) {
  return [base_url](const std::string& id) {
    httplib::Client client(base_url);
    client.set_connection_timeout(std::chrono::seconds(5));
    client.set_read_timeout(std::chrono::seconds(30));
    const httplib::Result result = client.Get(satellite_path(id));
    if (!result || result->status != 200) {
      throw FetchError("GET " + satellite_path(id) + " failed");
    }
    return result->body;
  };
}

/// The ids of the first `count` satellites the server has (all of them when `count` is 0).
inline std::vector<std::string> satellite_ids(const conclab::ApiServer& server,
                                              std::size_t count = 0) {
  std::vector<std::string> ids;
  for (const conclab::Satellite& satellite : server.datasets().satellites()) {
    if (count != 0 && ids.size() == count) {
      break;
    }
    ids.push_back(satellite.id);
  }
  return ids;
}

/// What the table should hold for `satellite`.
inline SatelliteInfo info_of(const conclab::Satellite& satellite) {
  return {.object_name = satellite.object_name,
          .launch_date = satellite.launch_date,
          .decay_date = satellite.decay_date};
}

/// "/pages/1" to "/pages/80": every page the server has, as seed 004 downloads its site.
inline std::vector<std::string> page_paths() {
  std::vector<std::string> paths;
  for (std::size_t page = 1; page <= conclab::kPageCount; ++page) {
    paths.push_back("/pages/" + std::to_string(page));
  }
  return paths;
}

/// The total size of the bodies of `paths`, downloaded one by one on a plain client.
inline std::size_t total_size_of(const conclab::ApiServer& server,
                                 const std::vector<std::string>& paths) {
  httplib::Client client(server.base_url());
  client.set_read_timeout(std::chrono::seconds(30));
  std::size_t total = 0;
  for (const std::string& path : paths) {
    const httplib::Result result = client.Get(path);
    total += result && result->status == 200 ? result->body.size() : 0;
  }
  return total;
}

using ReleaseOnExit = conclab::testing::ReleaseOnExit;

}  // namespace lab02::testing
