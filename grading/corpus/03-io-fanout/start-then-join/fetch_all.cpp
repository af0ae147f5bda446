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
  std::vector<FetchOutcome> outcomes(paths.size());
  std::atomic<std::size_t> next_path = 0;
  const std::size_t count = std::min(std::max<std::size_t>(threads, 1), paths.size());
  for (std::size_t worker = 0; worker < count; ++worker) {
    std::jthread thread([&] {
      httplib::Client client = make_client(base_url, options);
      for (std::size_t i = next_path++; i < paths.size(); i = next_path++) {
        outcomes[i] = fetch_one(client, paths[i], options);
      }
    });
    thread.join();  // BROKEN: waits for this worker before starting the next one
  }
  return outcomes;
}

}  // namespace lab03
