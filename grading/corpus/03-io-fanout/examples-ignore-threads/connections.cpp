#include "connections.hpp"

#include <utility>

#include "client.hpp"
#include "fetch_all.hpp"
#include "fetch_one.hpp"
#include "records.hpp"

namespace lab03 {

ConnectionList fetch_connections(const std::string& base_url, std::size_t threads,
                                 const FetchOptions& options) {
  ConnectionList list;
  FetchOutcome whitelabels = [&] {
    httplib::Client client = make_client(base_url, options);
    return fetch_one(client, kWhitelabelsPath, options);
  }();
  if (!whitelabels.ok()) {
    list.failures.push_back(std::move(whitelabels));
    return list;
  }
  std::vector<std::string> paths;
  for (const int id : whitelabel_ids(whitelabels.body)) {
    paths.push_back(connections_path(id));
  }
  // BROKEN: `threads` is ignored; the whitelabels are fetched one after another.
  static_cast<void>(threads);
  for (FetchOutcome& outcome : fetch_all_sequential(base_url, paths, options)) {
    if (!outcome.ok()) {
      list.failures.push_back(std::move(outcome));
      continue;
    }
    for (nlohmann::json& connection : outcome.body) {
      list.connections.push_back(std::move(connection));
    }
  }
  return list;
}

}  // namespace lab03
