#include "csv_chunks.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <iterator>
#include <thread>
#include <utility>

namespace lab11 {

std::vector<Chunk> split_into_chunks(std::string_view text, std::size_t body_begin,
                                     std::size_t body_first_line, std::size_t chunk_size) {
  const std::size_t step = std::max<std::size_t>(chunk_size, 1);
  std::vector<Chunk> chunks;
  std::size_t begin = body_begin;
  std::size_t line = body_first_line;
  while (begin < text.size()) {
    // A raw offset may land anywhere, inside a quoted field too; no field holds a newline, so
    // the first '\n' at or after (offset - 1) ends the line the offset is in.
    std::size_t end = text.size();
    if (const std::size_t target = begin + step; target < text.size()) {
      const std::size_t newline = text.find('\n', target - 1);
      end = newline == std::string_view::npos ? text.size() : newline + 1;
    }
    chunks.push_back({begin, end, line});
    line +=
        static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(begin),
                                            text.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
    begin = end;
  }
  return chunks;
}

std::vector<std::string> split_fields(std::string_view line, std::size_t line_number) {
  std::vector<std::string> fields(1);
  std::size_t i = 0;
  while (i < line.size()) {
    std::string& field = fields.back();
    if (line[i] == '"' && field.empty()) {
      // A quoted field: up to the quote that is not doubled; it must end the field.
      ++i;
      for (;;) {
        if (i >= line.size()) {
          throw CsvError(line_number, "unterminated quoted field");
        }
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      if (i < line.size() && line[i] != ',') {
        throw CsvError(line_number, "text after a closing quote");
      }
    } else if (line[i] == ',') {
      fields.emplace_back();
      ++i;
    } else {
      field += line[i++];
    }
  }
  return fields;
}

CaseRecord parse_record(std::string_view line, std::size_t line_number) {
  std::vector<std::string> fields = split_fields(line, line_number);
  if (fields.size() != kCaseFields) {
    throw CsvError(line_number,
                   std::to_string(fields.size()) + " fields, not " + std::to_string(kCaseFields));
  }
  const auto number = [&](std::optional<std::int64_t> value, const char* column) {
    if (!value) {
      throw CsvError(line_number, std::string("not a number in column ") + column);
    }
    return *value;
  };
  CaseRecord record;
  record.row_id = number(parse_integer(fields[0]), "row_id");
  record.outcome = std::move(fields[1]);
  record.age_group = std::move(fields[2]);
  record.gender = std::move(fields[3]);
  const std::optional<std::int32_t> day = parse_day(fields[4]);
  if (!day) {
    throw CsvError(line_number, "not a date in column reported_date");
  }
  record.reported_day = *day;
  record.acquisition = std::move(fields[5]);
  record.latitude_e6 = number(parse_micro_degrees(fields[6]), "latitude");
  record.longitude_e6 = number(parse_micro_degrees(fields[7]), "longitude");
  record.postal_code = std::move(fields[8]);
  return record;
}

namespace {

/// Where the body starts (after the checked header line), or a CsvError on line 1.
std::size_t check_header(std::string_view text) {
  const std::size_t newline = text.find('\n');
  const std::string_view header = text.substr(0, newline);
  if (header != kCaseHeader) {
    throw CsvError(1, "not the case file header");
  }
  return newline == std::string_view::npos ? text.size() : newline + 1;
}

}  // namespace

std::vector<CaseRecord> read_cases(std::string_view text, unsigned threads,
                                   std::size_t chunk_size) {
  const std::vector<Chunk> chunks = split_into_chunks(text, check_header(text), 2, chunk_size);
  // One slot per chunk: each is written by the one thread that claimed the chunk, and read
  // only after the join, so nothing here needs a lock.
  std::vector<std::vector<CaseRecord>> parsed(chunks.size());
  std::vector<std::exception_ptr> errors(chunks.size());
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t c = next.fetch_add(1); c < chunks.size(); c = next.fetch_add(1)) {
      try {
        std::size_t line = chunks[c].first_line;
        std::size_t begin = chunks[c].begin;
        while (begin < chunks[c].end) {
          const std::size_t newline = text.find('\n', begin);
          const std::size_t end = std::min(newline, chunks[c].end);
          parsed[c].push_back(parse_record(text.substr(begin, end - begin), line++));
          begin = end + 1;
        }
      } catch (...) {
        errors[c] = std::current_exception();  // the first bad line of this chunk
      }
    }
  };
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < std::max(threads, 1U); ++t) {
      pool.emplace_back(worker);
    }
    worker();  // the calling thread works too
  }            // joined
  // Chunks are in file order, so the first error found this way is the first bad line.
  for (const std::exception_ptr& error : errors) {
    if (error) {
      std::rethrow_exception(error);
    }
  }
  std::vector<CaseRecord> records;
  for (std::vector<CaseRecord>& part : parsed) {
    records.insert(records.end(), std::make_move_iterator(part.begin()),
                   std::make_move_iterator(part.end()));
  }
  return records;
}

}  // namespace lab11
