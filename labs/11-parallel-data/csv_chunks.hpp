/// @file csv_chunks.hpp
/// @brief Tasks 1-2: a CSV text cut into chunks of whole lines, parsed by several threads.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "case_records.hpp"

namespace lab11 {

/// A run of whole lines of a text: bytes [begin, end), the first of them on line `first_line`
/// (1-based, the header being line 1).
struct Chunk {
  std::size_t begin = 0;       ///< Offset of the chunk's first byte: a line start.
  std::size_t end = 0;         ///< Offset one past its last byte: a line start, or the end.
  std::size_t first_line = 0;  ///< The 1-based line number of its first line.

  friend bool operator==(const Chunk&, const Chunk&) = default;
};

/// Cuts the lines of `text` from offset `body_begin` (a line start, on line `body_first_line`)
/// to its end into chunks of whole lines: the first chunk starts at body_begin, and each
/// chunk ends at the first line start at or after its begin + `chunk_size` (0 counts as 1),
/// or at the end of the text; the next chunk starts there. So no chunk is empty, and every
/// line is in exactly one chunk, in file order. (A line start is offset 0 or the offset just
/// after a '\n'.)
std::vector<Chunk> split_into_chunks(std::string_view text, std::size_t body_begin,
                                     std::size_t body_first_line, std::size_t chunk_size);

/// The fields of one CSV line (without its '\n'): split at commas outside quotes; a quoted
/// field loses its quotes and each doubled quote inside becomes one. Throws
/// CsvError(line_number, ...) for an unterminated quote, or for a closing quote followed by
/// anything but a comma or the end of the line.
std::vector<std::string> split_fields(std::string_view line, std::size_t line_number);

/// One line of a case file as a record. Throws CsvError(line_number, ...) if it has not
/// kCaseFields fields or a number or date field does not parse.
CaseRecord parse_record(std::string_view line, std::size_t line_number);

/// Every record of a case file's text (header line first, checked: a CsvError on line 1 if
/// it is not kCaseHeader), in file order, parsed chunk by chunk (split_into_chunks with
/// `chunk_size`) on `threads` threads (0 counts as 1). A malformed line throws the CsvError
/// of the first malformed line in the file, whatever the thread count and chunk size. A
/// last line without '\n' is a line too.
std::vector<CaseRecord> read_cases(std::string_view text, unsigned threads, std::size_t chunk_size);

}  // namespace lab11
