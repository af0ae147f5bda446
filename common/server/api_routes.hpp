// The dataset endpoints: from a request's path and query to a Reply.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "api_documents.hpp"
#include "conclab/api_datasets.hpp"
#include "reply.hpp"

namespace conclab::server {

/// A query string, parsed (the same type as httplib::Params).
using QueryParams = std::multimap<std::string, std::string>;

/// Answers GET requests for the datasets (the control endpoints, /health and /stats, are the
/// server's own). Never throws for any path or query; bad ones get a 400 or 404 reply.
class ApiRoutes {
 public:
  explicit ApiRoutes(const ApiDatasets& datasets);

  /// The reply to GET `path` with `query`.
  [[nodiscard]] Reply answer(std::string_view path, const QueryParams& query) const;

 private:
  [[nodiscard]] Reply whitelabels(const std::vector<std::string_view>& segments,
                                  const QueryParams& query, std::string_view path) const;
  [[nodiscard]] Reply connections(const std::vector<std::string_view>& segments,
                                  const QueryParams& query, std::string_view path) const;
  [[nodiscard]] Reply starlink(const std::vector<std::string_view>& segments,
                               const QueryParams& query, std::string_view path) const;
  [[nodiscard]] Reply pages(const std::vector<std::string_view>& segments, const QueryParams& query,
                            std::string_view path) const;

  ApiDocuments documents_;
};

}  // namespace conclab::server
