// GIVEN (not your task): the case file's parsers and its seeded generator.
#include "case_records.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <utility>

namespace lab11 {

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc{} || stop != end) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> parse_micro_degrees(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  const std::string_view digits = negative ? text.substr(1) : text;
  const std::size_t dot = digits.find('.');
  if (dot == std::string_view::npos || dot == 0 || digits.size() - dot - 1 != 6) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i == dot) {
      continue;
    }
    const char c = digits[i];
    if (c < '0' || c > '9' || value > 1'000'000'000'000) {
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

std::optional<std::int32_t> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  const auto year = parse_integer(text.substr(0, 4));
  const auto month = parse_integer(text.substr(5, 2));
  const auto day = parse_integer(text.substr(8, 2));
  if (!year || !month || !day || *year < 0 || *month < 0 || *day < 0) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{static_cast<int>(*year)},
                                         std::chrono::month{static_cast<unsigned>(*month)},
                                         std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) {
    return std::nullopt;
  }
  return static_cast<std::int32_t>(std::chrono::sys_days{date}.time_since_epoch().count());
}

std::string format_day(std::int32_t day) {
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{day}}};
  std::array<char, 16> text{};
  std::snprintf(text.data(), text.size(), "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text.data();
}

std::string csv_field(std::string_view field) {
  if (field.find_first_of(",\"") == std::string_view::npos) {
    return std::string(field);
  }
  std::string quoted = "\"";
  for (const char c : field) {
    quoted += c;
    if (c == '"') {
      quoted += '"';  // a quote inside a quoted field is written twice
    }
  }
  quoted += '"';
  return quoted;
}

namespace {

/// splitmix64: small, fast and the same everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }

 private:
  std::uint64_t state_;
};

constexpr std::array<std::string_view, 3> kOutcomes = {"Resolved", "Not Resolved", "Fatal"};
constexpr std::array<std::string_view, 9> kAgeGroups = {"<20", "20s", "30s", "40s", "50s",
                                                        "60s", "70s", "80s", "90+"};
constexpr std::array<std::string_view, 4> kGenders = {"FEMALE", "MALE", "UNSPECIFIED",
                                                      "GENDER DIVERSE"};
constexpr std::array<std::string_view, 7> kAcquisitions = {
    "Close contact, household",
    "Travel, international",
    "Outbreak, long-term care",
    "No known epi link",
    "Community",
    "Outbreak \"cluster\", workplace",
    "Missing information",
};
constexpr std::array<std::string_view, 6> kPostalCodes = {"M5V 3L9", "K1A 0B1", "N2L 3G1",
                                                          "L8S 4K1", "P3E 2C6", "N6A 5B9"};

void append_fixed6(std::string& line, std::int64_t micro) {
  std::array<char, 32> text{};
  const char* sign = micro < 0 ? "-" : "";
  const std::int64_t magnitude = micro < 0 ? -micro : micro;
  std::snprintf(text.data(), text.size(), "%s%lld.%06lld", sign,
                static_cast<long long>(magnitude / 1'000'000),
                static_cast<long long>(magnitude % 1'000'000));
  line += text.data();
}

}  // namespace

std::string generate_cases(std::uint64_t seed, std::size_t rows) {
  Random random(seed);
  const std::int32_t first_day = *parse_day("2020-01-20");
  std::string text(kCaseHeader);
  text += '\n';
  text.reserve(rows * 96 + text.size());
  for (std::size_t row = 1; row <= rows; ++row) {
    // Outcomes and ages are skewed a little, so that groups differ in size.
    const std::uint64_t age = std::min<std::uint64_t>(random.below(6) + random.below(5), 8);
    const std::uint64_t outcome_draw = random.below(100);
    const std::size_t outcome = outcome_draw < 80 ? 0 : (outcome_draw < 97 ? 1 : 2);
    text += std::to_string(row);
    text += ',';
    text += kOutcomes[outcome];
    text += ',';
    text += kAgeGroups[age];
    text += ',';
    text += kGenders[random.below(kGenders.size())];
    text += ',';
    text += format_day(first_day + static_cast<std::int32_t>(random.below(400)));
    text += ',';
    text += csv_field(kAcquisitions[random.below(kAcquisitions.size())]);
    text += ',';
    append_fixed6(text, 42'000'000 + static_cast<std::int64_t>(random.below(4'000'000)));
    text += ',';
    append_fixed6(text, -83'000'000 + static_cast<std::int64_t>(random.below(8'000'000)));
    text += ',';
    text += kPostalCodes[random.below(kPostalCodes.size())];
    text += '\n';
  }
  return text;
}

void write_cases_file(const std::filesystem::path& path, std::uint64_t seed, std::size_t rows) {
  std::ofstream out(path, std::ios::binary);
  const std::string text = generate_cases(seed, rows);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) {
    throw std::runtime_error("cannot write " + path.string());
  }
}

std::string read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + path.string());
  }
  std::ostringstream content;
  content << in.rdbuf();
  return std::move(content).str();
}

}  // namespace lab11
