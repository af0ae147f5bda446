#include "csv_chunks.hpp"

#include <stdexcept>

namespace lab11 {

std::vector<Chunk> split_into_chunks(std::string_view text, std::size_t body_begin,
                                     std::size_t body_first_line, std::size_t chunk_size) {
  // TODO(task 1): from begin = body_begin, while begin < text.size(): the chunk ends at the
  // first line start at or after begin + chunk_size (chunk_size 0 counts as 1), or at
  // text.size(). A raw offset can land in the middle of a line, even inside a quoted field:
  // move it on to just after the next '\n' (no field holds a newline). Count the chunk's
  // '\n's to know the next chunk's first_line.
  (void)text;
  (void)body_begin;
  (void)body_first_line;
  (void)chunk_size;
  throw std::logic_error("TODO: split_into_chunks");
}

std::vector<std::string> split_fields(std::string_view line, std::size_t line_number) {
  // TODO(task 1): walk the line once. A comma outside quotes ends a field. A field that
  // starts with '"' is quoted: up to the next lone '"' ("" inside it is one quote character,
  // a comma is just a character); after its closing quote comes a comma or the end of the
  // line. Errors: CsvError(line_number, "...") for an unterminated quote or text after a
  // closing quote. An empty line is one empty field.
  (void)line;
  (void)line_number;
  throw std::logic_error("TODO: split_fields");
}

CaseRecord parse_record(std::string_view line, std::size_t line_number) {
  // TODO(task 1): split_fields, check there are kCaseFields of them, and fill a CaseRecord
  // with parse_integer (row_id), parse_day (reported_date) and parse_micro_degrees (latitude,
  // longitude) from case_records.hpp. Any field that does not parse: CsvError(line_number,
  // "...") naming the column. Never skip a bad line.
  (void)line;
  (void)line_number;
  throw std::logic_error("TODO: parse_record");
}

std::vector<CaseRecord> read_cases(std::string_view text, unsigned threads,
                                   std::size_t chunk_size) {
  // TODO(task 2): check the header line (CsvError on line 1), split the rest into chunks
  // (the body starts on line 2), and let `threads` threads claim chunks (an atomic counter)
  // and parse their lines into one vector per chunk. Catch a chunk's CsvError into a
  // std::exception_ptr slot of its own; after the join, rethrow the first chunk's error, or
  // concatenate the chunks' records in order.
  (void)text;
  (void)threads;
  (void)chunk_size;
  throw std::logic_error("TODO: read_cases");
}

}  // namespace lab11
