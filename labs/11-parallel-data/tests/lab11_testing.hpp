// What the lab 11 tests share: GoogleTest printers, the tests' own sequential answers (a
// parser and a group-by written here without any of the student's code), and small graphs.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <any>
#include <cstddef>
#include <cstdint>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "case_records.hpp"
#include "csv_chunks.hpp"
#include "group_by.hpp"
#include "task_graph.hpp"

namespace lab11 {

inline void PrintTo(const CaseRecord& r, std::ostream* out) {
  *out << "{" << r.row_id << ", " << r.outcome << ", " << r.age_group << ", " << r.gender << ", "
       << format_day(r.reported_day) << ", [" << r.acquisition << "], " << r.latitude_e6 << ", "
       << r.longitude_e6 << ", " << r.postal_code << "}";
}

inline void PrintTo(const Chunk& chunk, std::ostream* out) {
  *out << "[" << chunk.begin << ", " << chunk.end << ") from line " << chunk.first_line;
}

inline void PrintTo(const GroupRow& row, std::ostream* out) {
  *out << row;
}

inline void PrintTo(GroupBy by, std::ostream* out) {
  *out << by;
}

inline void PrintTo(TaskState state, std::ostream* out) {
  *out << state;
}

inline void PrintTo(const TaskResult& result, std::ostream* out) {
  *out << result.state;
  if (result.state != TaskState::kDone) {
    *out << " (failed key '" << result.failed_key << "': " << result.error << ")";
  }
}

namespace testing {

/// The fields of a line, split here by a small state machine of the tests' own.
inline std::vector<std::string> reference_fields(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

/// Every record of a well-formed case file, one line after another.
inline std::vector<CaseRecord> reference_records(std::string_view text) {
  std::vector<CaseRecord> records;
  std::size_t begin = text.find('\n') + 1;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    end = end == std::string_view::npos ? text.size() : end;
    const std::vector<std::string> f = reference_fields(text.substr(begin, end - begin));
    EXPECT_EQ(f.size(), kCaseFields);
    CaseRecord r;
    r.row_id = parse_integer(f.at(0)).value();
    r.outcome = f.at(1);
    r.age_group = f.at(2);
    r.gender = f.at(3);
    r.reported_day = parse_day(f.at(4)).value();
    r.acquisition = f.at(5);
    r.latitude_e6 = parse_micro_degrees(f.at(6)).value();
    r.longitude_e6 = parse_micro_degrees(f.at(7)).value();
    r.postal_code = f.at(8);
    records.push_back(std::move(r));
    begin = end + 1;
  }
  return records;
}

/// The grouped table of `records`, in one sequential pass.
inline GroupTable reference_table(const std::vector<CaseRecord>& records, GroupBy by) {
  std::map<std::string, GroupRow> rows;
  for (const CaseRecord& r : records) {
    GroupRow& row = rows[group_key(r, by)];
    row.min = row.count == 0 ? r.latitude_e6 : std::min(row.min, r.latitude_e6);
    row.max = row.count == 0 ? r.latitude_e6 : std::max(row.max, r.latitude_e6);
    ++row.count;
    row.sum += r.latitude_e6;
  }
  GroupTable table;
  for (auto& [key, row] : rows) {
    row.key = key;
    table.push_back(row);
  }
  return table;
}

/// Empty if `got` equals `expected`, else a short account of the first difference (printing
/// thousands of records would drown the failure).
inline std::string first_difference(const std::vector<CaseRecord>& got,
                                    const std::vector<CaseRecord>& expected) {
  const std::size_t common = std::min(got.size(), expected.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (!(got[i] == expected[i])) {
      std::ostringstream out;
      out << got.size() << " records (expected " << expected.size() << "); record " << i << " is ";
      PrintTo(got[i], &out);
      out << ", expected ";
      PrintTo(expected[i], &out);
      return out.str();
    }
  }
  if (got.size() != expected.size()) {
    return std::to_string(got.size()) + " records, expected " + std::to_string(expected.size());
  }
  return "";
}

/// Replaces line `line` (1-based) of `text` by `replacement`.
inline std::string with_line(std::string text, std::size_t line, std::string_view replacement) {
  std::size_t begin = 0;
  for (std::size_t i = 1; i < line; ++i) {
    begin = text.find('\n', begin) + 1;
  }
  const std::size_t end = text.find('\n', begin);
  text.replace(begin, end - begin, replacement);
  return text;
}

/// The integer in a task's input.
inline std::int64_t int_of(const std::any& value) {
  return std::any_cast<std::int64_t>(value);
}

/// The integer a task returned.
inline std::int64_t as_int(const TaskResult& result) {
  return std::any_cast<std::int64_t>(result.value);
}

}  // namespace testing
}  // namespace lab11
