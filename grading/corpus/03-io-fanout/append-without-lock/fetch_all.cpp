#include "fetch_all.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <utility>

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
  // BROKEN: every worker appends to one shared vector with no lock; two appends at once can
  // write the same slot, lose an element, or free the buffer the other is writing into.
  std::vector<std::pair<std::size_t, FetchOutcome>> finished;
  std::atomic<std::size_t> next_path = 0;
  {
    std::vector<std::jthread> workers;
    const std::size_t count = std::min(std::max<std::size_t>(threads, 1), paths.size());
    for (std::size_t worker = 0; worker < count; ++worker) {
      workers.emplace_back([&] {
        httplib::Client client = make_client(base_url, options);
        for (std::size_t i = next_path++; i < paths.size(); i = next_path++) {
          finished.emplace_back(i, fetch_one(client, paths[i], options));
        }
      });
    }
  }
  std::vector<FetchOutcome> outcomes(paths.size());
  for (auto& [index, outcome] : finished) {
    if (index < outcomes.size()) {
      outcomes[index] = std::move(outcome);
    }
  }
  return outcomes;
}

}  // namespace lab03
