/// @file url_queue.hpp
/// @brief Seed 003's URL queue with five threads, built on your WorkerPool (given, not a task).
#pragma once

#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace lab04 {

/// What fetching one page gave.
struct PageTitle {
  int id = 0;         ///< The page asked for.
  std::string title;  ///< The text of its `<title>`; empty when the fetch failed.
  std::string error;  ///< Why the fetch failed; empty when it worked.
};

/// Fetches `/pages/{id}/html` for every id of `page_ids` from the server at `base_url`
/// ("http://127.0.0.1:PORT") and reads each page's `<title>`, as seed 003 does with requests and
/// BeautifulSoup. A WorkerPool of `workers` threads runs one job per page; result i is for
/// page_ids[i]. A request gives up after `timeout`, and a failed page does not stop the others.
std::vector<PageTitle> fetch_titles(const std::string& base_url, std::span<const int> page_ids,
                                    std::size_t workers,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace lab04
