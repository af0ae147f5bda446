#include "fetch_all.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include "client.hpp"
#include "fetch_one.hpp"

namespace lab03 {

std::vector<FetchOutcome> fetch_all_sequential(const std::string& base_url,
                                               const std::vector<std::string>& paths,
                                               const FetchOptions& options) {
  httplib::Client client = make_client(base_url, options);
  std::vector<FetchOutcome> outcomes;
  outcomes.reserve(paths.size());
  for (const std::string& path : paths) {
    outcomes.push_back(fetch_one(client, path, options));
  }
  return outcomes;
}

std::vector<FetchOutcome> fetch_all(const std::string& base_url,
                                    const std::vector<std::string>& paths, std::size_t threads,
                                    const FetchOptions& options) {
  // BROKEN: seed 001's way, one thread per path, however many paths there are: `threads` is
  // ignored, and the server sees every request at once.
  static_cast<void>(threads);
  std::vector<FetchOutcome> outcomes(paths.size());
  {
    std::vector<std::jthread> workers;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      workers.emplace_back([&, i] {
        httplib::Client client = make_client(base_url, options);
        outcomes[i] = fetch_one(client, paths[i], options);
      });
    }
  }
  return outcomes;
}

}  // namespace lab03
