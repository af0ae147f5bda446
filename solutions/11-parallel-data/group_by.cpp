#include "group_by.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <thread>
#include <unordered_map>

#include "csv_chunks.hpp"

namespace lab11 {

namespace {

/// Adds one record's latitude to its group's row.
void add_to(GroupRow& row, std::int64_t value) {
  if (row.count == 0) {
    row.min = value;
    row.max = value;
  } else {
    row.min = std::min(row.min, value);
    row.max = std::max(row.max, value);
  }
  ++row.count;
  row.sum += value;
}

/// Adds a partial row into the merged row of the same key.
void merge_into(GroupRow& total, const GroupRow& part) {
  if (total.count == 0) {
    total = part;
    return;
  }
  total.count += part.count;
  total.sum += part.sum;
  total.min = std::min(total.min, part.min);
  total.max = std::max(total.max, part.max);
}

}  // namespace

GroupTable group_cases(std::string_view text, GroupBy by, unsigned threads,
                       std::size_t chunk_size) {
  const std::size_t header_end = text.find('\n');
  if (text.substr(0, header_end) != kCaseHeader) {
    throw CsvError(1, "not the case file header");
  }
  const std::size_t body = header_end == std::string_view::npos ? text.size() : header_end + 1;
  const std::vector<Chunk> chunks = split_into_chunks(text, body, 2, chunk_size);
  const unsigned workers = std::max(threads, 1U);

  // Each thread folds the chunks it claims into a table of its own: no lock while parsing.
  using Partial = std::unordered_map<std::string, GroupRow>;
  std::vector<Partial> partials(workers);
  std::vector<std::exception_ptr> errors(chunks.size());
  std::atomic<std::size_t> next{0};
  const auto worker = [&](unsigned index) {
    Partial& partial = partials[index];
    for (std::size_t c = next.fetch_add(1); c < chunks.size(); c = next.fetch_add(1)) {
      try {
        std::size_t line = chunks[c].first_line;
        for (std::size_t begin = chunks[c].begin; begin < chunks[c].end;) {
          const std::size_t end = std::min(text.find('\n', begin), chunks[c].end);
          const CaseRecord record = parse_record(text.substr(begin, end - begin), line++);
          GroupRow& row = partial[group_key(record, by)];
          add_to(row, record.latitude_e6);
          begin = end + 1;
        }
      } catch (...) {
        errors[c] = std::current_exception();
      }
    }
  };
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < workers; ++t) {
      pool.emplace_back(worker, t);
    }
    worker(0);
  }  // joined: every partial is complete and visible
  for (const std::exception_ptr& error : errors) {
    if (error) {
      std::rethrow_exception(error);  // the first bad line of the file: chunks are in order
    }
  }

  // Merge in a sorted map: the table comes out in key order.
  std::map<std::string, GroupRow> merged;
  for (const Partial& partial : partials) {
    for (const auto& [key, row] : partial) {
      merge_into(merged[key], row);
    }
  }
  GroupTable table;
  table.reserve(merged.size());
  for (auto& [key, row] : merged) {
    row.key = key;
    table.push_back(row);
  }
  return table;
}

}  // namespace lab11
