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
  // One slot per path, made before any worker starts: each worker writes only the slots of
  // the paths it took, so the workers never write the same memory and need no lock.
  std::vector<FetchOutcome> outcomes(paths.size());
  std::atomic<std::size_t> next_path = 0;  // the first path nobody has taken yet
  {
    std::vector<std::jthread> workers;
    const std::size_t count = std::min(std::max<std::size_t>(threads, 1), paths.size());
    workers.reserve(count);
    for (std::size_t worker = 0; worker < count; ++worker) {
      workers.emplace_back([&] {
        // A client of this thread's own: httplib sends one request at a time per client.
        httplib::Client client = make_client(base_url, options);
        // ++ on an atomic is one indivisible fetch_add: each index goes to exactly one worker.
        for (std::size_t i = next_path++; i < paths.size(); i = next_path++) {
          outcomes[i] = fetch_one(client, paths[i], options);
        }
      });
    }
  }  // Each std::jthread joins here: every request is over before the outcomes are returned.
  return outcomes;
}

}  // namespace lab03
