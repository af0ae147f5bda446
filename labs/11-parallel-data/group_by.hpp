/// @file group_by.hpp
/// @brief Task 3: a parallel group-by with count, sum, mean, min and max of a case file's
/// latitude, per group.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "case_records.hpp"

namespace lab11 {

/// What the records are grouped by.
enum class GroupBy {
  kAgeGroupAndOutcome,  ///< Key "age_group|outcome", e.g. "30s|Resolved".
  kReportedWeek,        ///< Key: the Monday of the reported date's week, "2020-03-02".
};

/// The key of `record`'s group.
std::string group_key(const CaseRecord& record, GroupBy by);

/// One group of a table: how many records, and the sum, smallest and largest of their
/// latitude_e6. Integers, so that sums are exact whatever the order they are added in.
struct GroupRow {
  std::string key;         ///< The group's key (group_key()).
  std::int64_t count = 0;  ///< How many records are in the group.
  std::int64_t sum = 0;    ///< The sum of their latitude_e6.
  std::int64_t min = 0;    ///< The smallest latitude_e6.
  std::int64_t max = 0;    ///< The largest latitude_e6.

  /// The mean latitude in millionths of a degree: computed from the exact sum, at the end.
  [[nodiscard]] double mean() const {
    return count == 0 ? 0.0 : static_cast<double>(sum) / static_cast<double>(count);
  }
  friend bool operator==(const GroupRow&, const GroupRow&) = default;
};

/// A grouped table: one row per group with at least one record, sorted by key.
using GroupTable = std::vector<GroupRow>;

/// Groups the records of a case file's text (header first, as read_cases() takes it) by `by`,
/// parsing and aggregating chunk by chunk (split_into_chunks with `chunk_size`) on `threads`
/// threads (0 counts as 1), each thread into a partial table of its own, merged at the end.
/// The result equals a sequential pass exactly for any thread count and chunk size. A
/// malformed line throws the CsvError of the first malformed line in the file.
GroupTable group_cases(std::string_view text, GroupBy by, unsigned threads, std::size_t chunk_size);

std::ostream& operator<<(std::ostream& out, GroupBy by);
std::ostream& operator<<(std::ostream& out, const GroupRow& row);

}  // namespace lab11
