#include "url_queue.hpp"

#include <httplib.h>

#include <string_view>

#include "worker_pool.hpp"

namespace lab04 {
namespace {

/// The text between `<title>` and `</title>` in `html`, or nothing when there is no title.
std::string title_of(std::string_view html) {
  constexpr std::string_view kOpen = "<title>";
  constexpr std::string_view kClose = "</title>";
  const auto open = html.find(kOpen);
  if (open == std::string_view::npos) {
    return {};
  }
  const auto begin = open + kOpen.size();
  const auto end = html.find(kClose, begin);
  return end == std::string_view::npos ? std::string()
                                       : std::string(html.substr(begin, end - begin));
}

/// Fetches one page with a client of its own (a client is not for sharing between threads).
PageTitle fetch_title(const std::string& base_url, int id, std::chrono::milliseconds timeout) {
  httplib::Client client(base_url);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  PageTitle page{.id = id, .title = {}, .error = {}};
  const auto response = client.Get("/pages/" + std::to_string(id) + "/html");
  if (!response) {
    page.error = "no answer: " + httplib::to_string(response.error());
  } else if (response->status != 200) {
    page.error = "HTTP status " + std::to_string(response->status);
  } else if (page.title = title_of(response->body); page.title.empty()) {
    page.error = "the page has no <title>";
  }
  return page;
}

}  // namespace

std::vector<PageTitle> fetch_titles(const std::string& base_url, std::span<const int> page_ids,
                                    std::size_t workers, std::chrono::milliseconds timeout) {
  std::vector<PageTitle> pages(page_ids.size());
  for (std::size_t i = 0; i < page_ids.size(); ++i) {
    pages[i].id = page_ids[i];
    pages[i].error = "never fetched";  // replaced by the job that fetches it
  }
  WorkerPool pool(workers);
  for (std::size_t i = 0; i < page_ids.size(); ++i) {
    pool.submit([&, i] { pages[i] = fetch_title(base_url, page_ids[i], timeout); });
  }
  pool.join();  // the seed's url_queue.join()
  return pages;
}

}  // namespace lab04
