// The JSON (and HTML) texts the server answers with, rendered once from the datasets.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "conclab/api_datasets.hpp"

namespace conclab::server {

/// Every document of the datasets, rendered once, so answering a request is a lookup.
/// Absent documents are nullptr.
class ApiDocuments {
 public:
  explicit ApiDocuments(const ApiDatasets& datasets);

  /// `[{"whitelabelid":1,"company":"..."}, ...]`.
  [[nodiscard]] const std::string& whitelabels() const { return whitelabels_; }
  [[nodiscard]] const std::string* whitelabel(int id) const;
  /// The connections of whitelabel `id` as a JSON array.
  [[nodiscard]] const std::string* connections_of(int whitelabel_id) const;
  [[nodiscard]] const std::string* connection(int id) const;
  /// The first `limit` satellite ids as a JSON array.
  [[nodiscard]] std::string satellite_ids(std::size_t limit) const;
  [[nodiscard]] const std::string* satellite(std::string_view id) const;
  /// The first `limit` page ids as a JSON array.
  [[nodiscard]] std::string page_ids(std::size_t limit) const;
  [[nodiscard]] const std::string* page(int id) const;
  [[nodiscard]] const std::string* page_html(int id) const;

 private:
  std::string whitelabels_;
  std::map<int, std::string> whitelabel_;
  std::map<int, std::string> connections_of_;
  std::map<int, std::string> connection_;
  std::vector<std::string> satellite_ids_;
  std::map<std::string, std::string, std::less<>> satellite_;
  std::vector<int> page_ids_;
  std::map<int, std::string> page_;
  std::map<int, std::string> page_html_;
};

}  // namespace conclab::server
