#include "starlink.hpp"

#include <utility>

#include "client.hpp"
#include "fetch_all.hpp"
#include "fetch_one.hpp"

namespace lab03 {

SatelliteTable fetch_satellites(const std::string& base_url, std::size_t count, std::size_t threads,
                                const FetchOptions& options) {
  SatelliteTable table;
  FetchOutcome listing = [&] {
    httplib::Client client = make_client(base_url, options);
    return fetch_one(client, starlink_ids_path(count), options);
  }();
  if (!listing.ok()) {
    table.failures.push_back(std::move(listing));
    return table;
  }
  const std::vector<std::string> ids = satellite_ids(listing.body);
  std::vector<std::string> paths;
  for (const std::string& id : ids) {
    paths.push_back(satellite_path(id));
  }
  // BROKEN: `threads` is ignored; the satellites are fetched one after another.
  static_cast<void>(threads);
  std::vector<FetchOutcome> outcomes = fetch_all_sequential(base_url, paths, options);
  // outcomes[i] is the answer for ids[i]: the order of the outcomes is the order of the paths.
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].ok()) {
      table.sat_info[ids[i]] = sat_info_from(outcomes[i].body);
    } else {
      table.failures.push_back(std::move(outcomes[i]));
    }
  }
  return table;
}

}  // namespace lab03
