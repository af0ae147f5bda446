#include "conclab/api_datasets.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <set>
#include <string>

using conclab::ApiDatasets;

namespace {

/// How many connections each whitelabel has, by whitelabel id order.
std::vector<std::size_t> connection_counts(const ApiDatasets& data) {
  std::vector<std::size_t> counts;
  for (const conclab::Whitelabel& whitelabel : data.whitelabels()) {
    counts.push_back(data.connections_of(whitelabel.id).size());
  }
  return counts;
}

bool is_lower_hex(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

TEST_CASE("there are 22 whitelabels with ids 1 to 22 and distinct names") {
  const ApiDatasets data;
  REQUIRE(data.whitelabels().size() == 22);
  std::set<std::string> companies;
  for (std::size_t i = 0; i < data.whitelabels().size(); ++i) {
    CHECK(data.whitelabels()[i].id == static_cast<int>(i) + 1);
    companies.insert(data.whitelabels()[i].company);
  }
  CHECK(companies.size() == 22);
}

TEST_CASE("for every seed, 973 connections are spread unevenly, one whitelabel having none") {
  for (std::uint64_t seed = 0; seed < 25; ++seed) {
    CAPTURE(seed);
    const ApiDatasets data(seed);
    CHECK(data.connections().size() == 973);
    const std::vector<std::size_t> counts = connection_counts(data);
    std::size_t total = 0;
    for (const std::size_t count : counts) {
      total += count;
    }
    CHECK(total == 973);
    CHECK(std::count(counts.begin(), counts.end(), std::size_t{0}) == 1);
    // Uneven: the busiest whitelabel has more than twice the average (973 / 22, about 44).
    CHECK(*std::max_element(counts.begin(), counts.end()) > 2 * 973 / 22);
  }
}

TEST_CASE("connection ids are unique and increase by whitelabel, then by id") {
  const ApiDatasets data;
  const auto& connections = data.connections();
  for (std::size_t i = 1; i < connections.size(); ++i) {
    CHECK(connections[i - 1].id < connections[i].id);
    CHECK(connections[i - 1].whitelabel_id <= connections[i].whitelabel_id);
  }
}

TEST_CASE("every connection has a primary key first and distinct column names") {
  const ApiDatasets data;
  for (const conclab::Connection& connection : data.connections()) {
    REQUIRE(connection.columns.size() >= 4);
    CHECK(connection.columns.front().name == "Row_ID");
    CHECK(connection.columns.front().primary_key);
    std::set<std::string> names;
    for (const conclab::ConnectionColumn& column : connection.columns) {
      names.insert(column.name);
    }
    CHECK(names.size() == connection.columns.size());
    CHECK(std::count_if(connection.columns.begin(), connection.columns.end(),
                        [](const auto& column) { return column.primary_key; }) == 1);
  }
}

TEST_CASE("satellites have unique 24-digit hexadecimal ids and unique names") {
  const ApiDatasets data;
  REQUIRE(data.satellites().size() == conclab::kSatelliteCount);
  std::set<std::string> ids;
  std::set<std::string> names;
  for (const conclab::Satellite& satellite : data.satellites()) {
    CHECK(satellite.id.size() == 24);
    CHECK(is_lower_hex(satellite.id));
    CHECK(satellite.object_name.starts_with("STARLINK-"));
    CHECK(satellite.launch_date.size() == 10);
    if (satellite.decay_date) {
      CHECK(*satellite.decay_date > satellite.launch_date);
    }
    ids.insert(satellite.id);
    names.insert(satellite.object_name);
  }
  CHECK(ids.size() == conclab::kSatelliteCount);
  CHECK(names.size() == conclab::kSatelliteCount);
  const auto decayed = std::count_if(data.satellites().begin(), data.satellites().end(),
                                     [](const auto& satellite) { return satellite.decay_date; });
  CHECK(decayed > 0);
  CHECK(decayed < static_cast<std::ptrdiff_t>(conclab::kSatelliteCount));
}

TEST_CASE("pages have ids 1 to 80, unique titles and bodies of varied size") {
  const ApiDatasets data;
  REQUIRE(data.pages().size() == conclab::kPageCount);
  std::set<std::string> titles;
  std::set<std::size_t> sizes;
  for (std::size_t i = 0; i < data.pages().size(); ++i) {
    CHECK(data.pages()[i].id == static_cast<int>(i) + 1);
    CHECK_FALSE(data.pages()[i].body.empty());
    titles.insert(data.pages()[i].title);
    sizes.insert(data.pages()[i].body.size());
  }
  CHECK(titles.size() == conclab::kPageCount);
  CHECK(sizes.size() > 10);
}

TEST_CASE("every id resolves, and unknown ids do not") {
  const ApiDatasets data;
  for (const conclab::Whitelabel& whitelabel : data.whitelabels()) {
    REQUIRE(data.find_whitelabel(whitelabel.id) != nullptr);
    CHECK(data.find_whitelabel(whitelabel.id)->company == whitelabel.company);
  }
  for (const conclab::Connection& connection : data.connections()) {
    REQUIRE(data.find_connection(connection.id) != nullptr);
    CHECK(data.find_connection(connection.id)->set_name == connection.set_name);
  }
  for (const conclab::Satellite& satellite : data.satellites()) {
    REQUIRE(data.find_satellite(satellite.id) != nullptr);
    CHECK(data.find_satellite(satellite.id)->object_name == satellite.object_name);
  }
  for (const conclab::Page& page : data.pages()) {
    REQUIRE(data.find_page(page.id) != nullptr);
    CHECK(data.find_page(page.id)->title == page.title);
  }
  CHECK(data.find_whitelabel(0) == nullptr);
  CHECK(data.find_whitelabel(23) == nullptr);
  CHECK(data.find_connection(1) == nullptr);
  CHECK(data.find_satellite("000000000000000000000000") == nullptr);
  CHECK(data.find_page(81) == nullptr);
  CHECK(data.connections_of(99).empty());
}

TEST_CASE("the same seed gives the same data, another seed other data") {
  const ApiDatasets first(7);
  const ApiDatasets again(7);
  const ApiDatasets other(8);
  CHECK(first.seed() == 7);
  REQUIRE(first.connections().size() == again.connections().size());
  for (std::size_t i = 0; i < first.connections().size(); ++i) {
    CHECK(first.connections()[i].id == again.connections()[i].id);
    CHECK(first.connections()[i].whitelabel_id == again.connections()[i].whitelabel_id);
    CHECK(first.connections()[i].set_name == again.connections()[i].set_name);
  }
  for (std::size_t i = 0; i < first.satellites().size(); ++i) {
    CHECK(first.satellites()[i].id == again.satellites()[i].id);
    CHECK(first.satellites()[i].latitude == again.satellites()[i].latitude);
  }
  for (std::size_t i = 0; i < first.pages().size(); ++i) {
    CHECK(first.pages()[i].body == again.pages()[i].body);
  }
  CHECK(connection_counts(first) != connection_counts(other));
  CHECK(first.satellites().front().id != other.satellites().front().id);
  CHECK(first.pages().front().title != other.pages().front().title);
}
