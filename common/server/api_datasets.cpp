// Generates the server's data from a seed. Every draw goes through SeededRandom, in a fixed
// order, so a seed means the same data everywhere.
#include "conclab/api_datasets.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <string_view>

#include "seeded_random.hpp"

namespace conclab {

namespace {

using server::SeededRandom;

constexpr std::array<std::string_view, kWhitelabelCount> kCompanies = {
    "Northwind Signals", "Bluefin Analytics",  "Copperleaf Media", "Test Account",
    "Driftwood Labs",    "Harbour Lights",     "Quillstone",       "Meadowbrook Press",
    "Ironbark Retail",   "Silverline Transit", "Foxglove Health",  "Amberfield Farms",
    "Tidewater Energy",  "Kestrel Outdoor",    "Lanternfish",      "Granite Peak Realty",
    "Orchard Street",    "Pebble & Pine",      "Redwood Civic",    "Sunridge Schools",
    "Thistle Finance",   "Wavecrest Radio"};

constexpr std::array<std::string_view, 8> kRegions = {"Northshore",  "Lakeside",  "Eastgate",
                                                      "Riverbend",   "Hillcrest", "Westfield",
                                                      "Harbourview", "Pinecrest"};

constexpr std::array<std::string_view, 10> kTopics = {
    "Transit Ridership", "Retail Footfall",  "Weather Stations", "Clinic Visits", "Parking Sensors",
    "Energy Meters",     "School Enrolment", "Library Loans",    "Bike Counters", "Air Quality"};

/// Columns a data set may have besides its primary key, with their types.
constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kColumnTemplates = {{
    {"Recorded_At", "Timestamp (UTC)"},
    {"Site_Name", "string"},
    {"Site_Latitude", "float"},
    {"Site_Longitude", "float"},
    {"Postal_Code", "string"},
    {"Count", "Number"},
    {"Average_Value", "float"},
    {"Category", "string"},
    {"Is_Estimate", "boolean"},
    {"Contact_Email", "string"},
    {"Age_Group", "string"},
    {"Outcome", "string"},
    {"Reported_Date", "Timestamp (UTC)"},
    {"Source_System", "string"},
    {"Capacity", "Number"},
    {"Operator", "string"},
}};

constexpr std::array<std::string_view, 4> kDescriptions = {"", "", "Filled in by the source system",
                                                           "May be empty for older rows"};

/// How many data sets the connections share.
constexpr std::size_t kDataSetCount = 60;

/// A data set that several connections may read.
struct DataSet {
  int id = 0;
  std::string name;
  std::vector<ConnectionColumn> columns;
};

std::vector<Whitelabel> make_whitelabels() {
  std::vector<Whitelabel> whitelabels;
  for (std::size_t i = 0; i < kCompanies.size(); ++i) {
    whitelabels.push_back({static_cast<int>(i) + 1, std::string(kCompanies.at(i))});
  }
  return whitelabels;
}

std::vector<ConnectionColumn> make_columns(SeededRandom& random) {
  std::vector<ConnectionColumn> columns = {{"Row_ID", "Number", "", true, false}};
  std::vector<std::size_t> order(kColumnTemplates.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  server::shuffle(order, random);
  const auto extra = static_cast<std::size_t>(random.between(3, 9));
  for (std::size_t i = 0; i < extra; ++i) {
    const auto& [name, type] = kColumnTemplates.at(order[i]);
    ConnectionColumn column{std::string(name), std::string(type), "", false, false};
    column.description = std::string(random.pick(kDescriptions));
    column.hashed = type == "string" && random.chance(15);
    columns.push_back(std::move(column));
  }
  return columns;
}

std::vector<DataSet> make_data_sets(SeededRandom& random) {
  std::vector<std::string> names;
  for (const std::string_view region : kRegions) {
    for (const std::string_view topic : kTopics) {
      names.push_back(std::string(region) + " " + std::string(topic));
    }
  }
  server::shuffle(names, random);
  std::vector<DataSet> sets;
  int set_id = 100;
  for (std::size_t i = 0; i < kDataSetCount; ++i) {
    set_id += random.between(1, 6);
    sets.push_back({set_id, names[i], make_columns(random)});
  }
  return sets;
}

/// How many connections each whitelabel gets: kConnectionCount in all, skewed, and exactly
/// one whitelabel with none. Every other whitelabel gets one, and the rest is shared by seeded
/// weights with largest-remainder rounding, in integers.
std::vector<std::size_t> share_connections(SeededRandom& random) {
  std::vector<std::uint64_t> weights;
  for (std::size_t i = 0; i < kWhitelabelCount; ++i) {
    const auto weight = static_cast<std::uint64_t>(random.between(1, 40));
    weights.push_back(weight * weight);
  }
  const std::size_t empty = random.below(kWhitelabelCount);
  weights[empty] = 0;
  std::vector<std::size_t> shares(kWhitelabelCount, 1);
  shares[empty] = 0;
  const std::size_t rest = kConnectionCount - (kWhitelabelCount - 1);
  const std::uint64_t total = std::accumulate(weights.begin(), weights.end(), std::uint64_t{0});
  std::vector<std::pair<std::uint64_t, std::size_t>> remainders;  // (remainder, index)
  std::size_t given = 0;
  for (std::size_t i = 0; i < kWhitelabelCount; ++i) {
    const std::uint64_t scaled = weights[i] * rest;
    shares[i] += static_cast<std::size_t>(scaled / total);
    given += static_cast<std::size_t>(scaled / total);
    remainders.emplace_back(scaled % total, i);
  }
  // Largest remainder first; on a tie, the lower index (a total order, so the same everywhere).
  std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (std::size_t i = 0; given < rest; ++i, ++given) {
    ++shares[remainders[i].second];
  }
  return shares;
}

std::vector<Connection> make_connections(SeededRandom& random) {
  const std::vector<DataSet> sets = make_data_sets(random);
  const std::vector<std::size_t> shares = share_connections(random);
  std::vector<Connection> connections;
  int id = 1200;
  for (std::size_t whitelabel = 0; whitelabel < shares.size(); ++whitelabel) {
    for (std::size_t n = 0; n < shares[whitelabel]; ++n) {
      id += random.between(1, 4);
      const DataSet& set = random.pick(sets);
      connections.push_back({id, static_cast<int>(whitelabel) + 1, set.id, set.name, set.columns});
    }
  }
  return connections;
}

/// "YYYY-MM-DD".
std::string format_date(std::chrono::sys_days day) {
  const std::chrono::year_month_day date{day};
  std::array<char, 16> text{};
  std::snprintf(text.data(), text.size(), "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text.data();
}

/// `value` as `digits` lowercase hexadecimal digits.
std::string hex(std::uint64_t value, int digits) {
  std::string text(static_cast<std::size_t>(digits), '0');
  for (auto it = text.rbegin(); it != text.rend(); ++it, value >>= 4U) {
    *it = "0123456789abcdef"[value & 0xfU];
  }
  return text;
}

/// An integer from `low` to `high` divided by `scale`: a decimal drawn the same everywhere.
double fixed_point(SeededRandom& random, int low, int high, double scale) {
  return static_cast<double>(random.between(low, high)) / scale;
}

std::vector<Satellite> make_satellites(SeededRandom& random) {
  using std::chrono::day;
  using std::chrono::month;
  using std::chrono::year;
  const std::array<std::chrono::sys_days, 6> launches = {
      year{2019} / month{5} / day{24}, year{2019} / month{11} / day{11},
      year{2020} / month{1} / day{7},  year{2020} / month{1} / day{29},
      year{2020} / month{2} / day{17}, year{2020} / month{3} / day{18}};
  std::vector<int> numbers(kSatelliteCount);
  std::iota(numbers.begin(), numbers.end(), 1001);
  server::shuffle(numbers, random);
  std::vector<Satellite> satellites;
  const std::uint64_t id_stem = 0x5f000000U + random.below(0x100000U);
  for (std::size_t i = 0; i < kSatelliteCount; ++i) {
    Satellite satellite;
    // Mongo-like ids: a stem, then random digits, then the index so that ids never collide.
    satellite.id = hex(id_stem + i / 16, 8) + hex((random.next() << 8U) | i, 16);
    satellite.object_name = "STARLINK-" + std::to_string(numbers[i]);
    satellite.norad_id = 44235 + (numbers[i] - 1001) * 3;
    const std::chrono::sys_days launched = launches.at(random.below(launches.size()));
    satellite.launch_date = format_date(launched);
    if (random.chance(40)) {
      satellite.decay_date = format_date(launched + std::chrono::days{random.between(200, 900)});
    }
    satellite.height_km = fixed_point(random, 53000, 56000, 100.0);
    satellite.latitude = fixed_point(random, -53000, 53000, 1000.0);
    satellite.longitude = fixed_point(random, -180000, 180000, 1000.0);
    satellite.velocity_kms = fixed_point(random, 7550, 7650, 1000.0);
    satellites.push_back(std::move(satellite));
  }
  return satellites;
}

constexpr std::array<std::string_view, 20> kPageSubjects = {"Mutexes",
                                                            "Condition Variables",
                                                            "Thread Pools",
                                                            "Futures",
                                                            "Atomics",
                                                            "Deadlocks",
                                                            "Race Conditions",
                                                            "Semaphores",
                                                            "Barriers",
                                                            "Message Queues",
                                                            "Pipes",
                                                            "Process Pools",
                                                            "Event Loops",
                                                            "Work Stealing",
                                                            "Memory Ordering",
                                                            "Lock-Free Stacks",
                                                            "Read-Write Locks",
                                                            "Thread-Local Storage",
                                                            "Backpressure",
                                                            "Timeouts"};

constexpr std::array<std::string_view, 4> kPageForms = {
    "A Short Guide to ", "Common Mistakes with ", "Measuring ", "Notes on "};

constexpr std::array<std::string_view, 24> kBodyWords = {
    "thread", "lock",    "wait",   "signal", "queue",  "worker", "request", "reply",
    "socket", "latency", "buffer", "shared", "state",  "order",  "join",    "start",
    "the",    "a",       "of",     "while",  "before", "after",  "every",   "each"};

std::string make_body(SeededRandom& random) {
  std::string body;
  const int words = random.between(40, 600);
  for (int i = 0; i < words; ++i) {
    body += random.pick(kBodyWords);
    body += (i + 1) % 12 == 0 ? ". " : " ";
  }
  body.back() = '.';
  return body;
}

std::vector<Page> make_pages(SeededRandom& random) {
  std::vector<std::string> titles;
  for (const std::string_view form : kPageForms) {
    for (const std::string_view subject : kPageSubjects) {
      titles.push_back(std::string(form) + std::string(subject));
    }
  }
  server::shuffle(titles, random);
  std::vector<Page> pages;
  for (std::size_t i = 0; i < kPageCount; ++i) {
    pages.push_back({static_cast<int>(i) + 1, titles[i], make_body(random)});
  }
  return pages;
}

/// The element of `items` whose `.id` is `id`, or nullptr.
template <typename T, typename Id>
const T* find_by_id(const std::vector<T>& items, const Id& id) {
  const auto it =
      std::find_if(items.begin(), items.end(), [&](const T& item) { return item.id == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

ApiDatasets::ApiDatasets(std::uint64_t seed) : seed_(seed), whitelabels_(make_whitelabels()) {
  // One generator per dataset, so that changing one never changes the others.
  SeededRandom connection_random(server::mix64(seed ^ 0xc011ULL));
  SeededRandom satellite_random(server::mix64(seed ^ 0x5a7e111eULL));
  SeededRandom page_random(server::mix64(seed ^ 0x9a6e5ULL));
  connections_ = make_connections(connection_random);
  satellites_ = make_satellites(satellite_random);
  pages_ = make_pages(page_random);
}

std::vector<Connection> ApiDatasets::connections_of(int whitelabel_id) const {
  std::vector<Connection> found;
  std::copy_if(
      connections_.begin(), connections_.end(), std::back_inserter(found),
      [&](const Connection& connection) { return connection.whitelabel_id == whitelabel_id; });
  return found;
}

const Whitelabel* ApiDatasets::find_whitelabel(int id) const {
  return find_by_id(whitelabels_, id);
}

const Connection* ApiDatasets::find_connection(int id) const {
  return find_by_id(connections_, id);
}

const Satellite* ApiDatasets::find_satellite(std::string_view id) const {
  return find_by_id(satellites_, id);
}

const Page* ApiDatasets::find_page(int id) const {
  return find_by_id(pages_, id);
}

}  // namespace conclab
