#include "connections.hpp"

#include <stdexcept>
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
  // The outcomes come back in the order of `paths`, so the merged list is the same whether
  // one thread or many fetched it. A failure is kept aside; it never stops the merge.
  for (FetchOutcome& outcome : fetch_paths(base_url, paths, threads, options)) {
    if (!outcome.ok()) {
      // BROKEN: like future.result() in seed 000's loop, the first failure raises, and every
      // connection merged so far, and every one still to come, is lost with it.
      throw std::runtime_error("request failed: " + describe(outcome));
    }
    for (nlohmann::json& connection : outcome.body) {
      list.connections.push_back(std::move(connection));
    }
  }
  return list;
}

}  // namespace lab03
