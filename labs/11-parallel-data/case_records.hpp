/// @file case_records.hpp
/// @brief GIVEN (not your task): one case record, the CSV it comes from, the parsers of its
/// number and date fields, and a seeded generator of synthetic case files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace lab11 {

/// The first line of every case file: nine columns, like the seed's table of case records.
inline constexpr std::string_view kCaseHeader =
    "row_id,outcome,age_group,gender,reported_date,acquisition,latitude,longitude,postal_code";

/// How many fields a line of a case file has.
inline constexpr std::size_t kCaseFields = 9;

/// One line of a case file, parsed.
struct CaseRecord {
  std::int64_t row_id = 0;        ///< The row's number (column 1).
  std::string outcome;            ///< "Resolved", "Not Resolved" or "Fatal".
  std::string age_group;          ///< "<20", "20s", ..., "90+".
  std::string gender;             ///< "FEMALE", "MALE", ...
  std::int32_t reported_day = 0;  ///< The reported date, as days since 1970-01-01.
  std::string acquisition;        ///< How it was acquired; in the file often quoted, with commas.
  std::int64_t latitude_e6 = 0;   ///< Latitude in millionths of a degree (exact, an integer).
  std::int64_t longitude_e6 = 0;  ///< Longitude in millionths of a degree.
  std::string postal_code;        ///< Postal code, e.g. "M5V 3L9".

  friend bool operator==(const CaseRecord&, const CaseRecord&) = default;
};

/// A malformed line of a CSV file: the error names the line, counted from 1 (the header).
class CsvError : public std::runtime_error {
 public:
  /// An error on line `line` (1-based), saying `what` is wrong with it.
  CsvError(std::size_t line, const std::string& what)
      : std::runtime_error("line " + std::to_string(line) + ": " + what), line_(line) {}
  /// The 1-based number of the malformed line.
  [[nodiscard]] std::size_t line() const { return line_; }

 private:
  std::size_t line_;
};

/// A whole decimal number ("-12", "7"): the value, or nothing if `text` is anything else.
std::optional<std::int64_t> parse_integer(std::string_view text);

/// A fixed-point number with exactly six decimals ("43.651070", "-79.383186") as millionths
/// (43651070): exact, no floating point. Nothing if `text` is anything else.
std::optional<std::int64_t> parse_micro_degrees(std::string_view text);

/// A date "YYYY-MM-DD" as days since 1970-01-01; nothing if it is not a valid date.
std::optional<std::int32_t> parse_day(std::string_view text);

/// Days since 1970-01-01 as "YYYY-MM-DD".
std::string format_day(std::int32_t day);

/// Writes `field` as a CSV field: as it is, or quoted (quotes doubled) if it holds a comma or
/// a quote.
std::string csv_field(std::string_view field);

/// A synthetic case file: the header line, then `rows` lines, each ending in '\n'. The same
/// (seed, rows) always gives the same bytes. About a third of the acquisition fields are
/// quoted and hold commas ("Travel, international"), some hold doubled quotes; no field
/// holds a newline.
std::string generate_cases(std::uint64_t seed, std::size_t rows);

/// Writes generate_cases(seed, rows) to `path`.
void write_cases_file(const std::filesystem::path& path, std::uint64_t seed, std::size_t rows);

/// The whole content of a file (std::runtime_error naming it if it cannot be read).
std::string read_whole_file(const std::filesystem::path& path);

}  // namespace lab11
