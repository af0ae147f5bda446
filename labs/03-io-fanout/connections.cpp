#include "connections.hpp"

#include "client.hpp"
#include "fetch_all.hpp"
#include "fetch_one.hpp"
#include "records.hpp"

namespace lab03 {

ConnectionList fetch_connections(const std::string& base_url, std::size_t threads,
                                 const FetchOptions& options) {
  // TODO(task 4): fetch kWhitelabelsPath, then connections_path(id) for every whitelabel id
  // with fetch_paths(..., threads, ...); append each whitelabel's connections in order, and
  // keep every failed request in `failures` without stopping.
  static_cast<void>(base_url);
  static_cast<void>(threads);
  static_cast<void>(options);
  return {};
}

}  // namespace lab03
