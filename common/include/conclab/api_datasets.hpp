/// @file api_datasets.hpp
/// @brief The data the loopback API server serves: whitelabels and their connections, Starlink
/// satellite records and web pages, generated from a seed.
///
/// The same seed always gives the same data, on every compiler and machine, so a lab test can
/// compare what a student's code fetched with what the server holds (ApiServer::datasets()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace conclab {

/// How many whitelabels every dataset has (ids 1 to 22).
inline constexpr std::size_t kWhitelabelCount = 22;
/// How many connections every dataset has, over all whitelabels.
inline constexpr std::size_t kConnectionCount = 973;
/// How many Starlink satellite records every dataset has.
inline constexpr std::size_t kSatelliteCount = 100;
/// How many web pages every dataset has (ids 1 to 80).
inline constexpr std::size_t kPageCount = 80;
/// The seed used when none is given.
inline constexpr std::uint64_t kDefaultDatasetSeed = 2024;

/// A customer account that owns connections.
struct Whitelabel {
  int id = 0;           ///< 1 to kWhitelabelCount.
  std::string company;  ///< The customer's name.
};

/// One column of a connection's table.
struct ConnectionColumn {
  std::string name;          ///< Column name, unique within its connection.
  std::string type;          ///< "Number", "string", "float", "boolean" or "Timestamp (UTC)".
  std::string description;   ///< Often empty.
  bool primary_key = false;  ///< True for the first column, "Row_ID", only.
  bool hashed = false;       ///< Whether the column's values are stored hashed.
};

/// An external data set linked to one whitelabel.
struct Connection {
  int id = 0;                             ///< Unique over all connections.
  int whitelabel_id = 0;                  ///< The Whitelabel it belongs to.
  int set_id = 0;                         ///< Id of the data set it reads (shared by several).
  std::string set_name;                   ///< Name of that data set.
  std::vector<ConnectionColumn> columns;  ///< In table order; the first is the primary key.
};

/// One satellite's record.
struct Satellite {
  std::string id;                         ///< 24 lowercase hexadecimal digits.
  std::string object_name;                ///< "STARLINK-1234", unique.
  std::string launch_date;                ///< "YYYY-MM-DD".
  std::optional<std::string> decay_date;  ///< "YYYY-MM-DD", or nothing while still in orbit.
  int norad_id = 0;                       ///< Catalogue number, unique.
  double height_km = 0;                   ///< Height above the surface.
  double latitude = 0;                    ///< Degrees, -53 to 53.
  double longitude = 0;                   ///< Degrees, -180 to 180.
  double velocity_kms = 0;                ///< Speed in km/s.
};

/// A web page with a title.
struct Page {
  int id = 0;         ///< 1 to kPageCount.
  std::string title;  ///< Unique over all pages.
  std::string body;   ///< Plain text, a few hundred to a few thousand bytes.
};

/// All the data one server serves, generated from a seed.
///
/// Connections are spread unevenly: some whitelabels have many, and exactly one has none.
/// Connection ids increase in the order of connections(): by whitelabel, then by id.
class ApiDatasets {
 public:
  /// Generates the data for `seed`; the same seed always gives the same data.
  explicit ApiDatasets(std::uint64_t seed = kDefaultDatasetSeed);

  /// The seed the data was generated from.
  [[nodiscard]] std::uint64_t seed() const { return seed_; }

  /// Every whitelabel, by id.
  [[nodiscard]] const std::vector<Whitelabel>& whitelabels() const { return whitelabels_; }
  /// Every connection, by whitelabel then by id.
  [[nodiscard]] const std::vector<Connection>& connections() const { return connections_; }
  /// Every satellite, in the order of the `/starlink` list.
  [[nodiscard]] const std::vector<Satellite>& satellites() const { return satellites_; }
  /// Every page, by id.
  [[nodiscard]] const std::vector<Page>& pages() const { return pages_; }

  /// The connections of whitelabel `whitelabel_id` (empty for an unknown id), by id.
  [[nodiscard]] std::vector<Connection> connections_of(int whitelabel_id) const;

  /// The whitelabel with id `id`, or nullptr.
  [[nodiscard]] const Whitelabel* find_whitelabel(int id) const;
  /// The connection with id `id`, or nullptr.
  [[nodiscard]] const Connection* find_connection(int id) const;
  /// The satellite with id `id`, or nullptr.
  [[nodiscard]] const Satellite* find_satellite(std::string_view id) const;
  /// The page with id `id`, or nullptr.
  [[nodiscard]] const Page* find_page(int id) const;

 private:
  std::uint64_t seed_;
  std::vector<Whitelabel> whitelabels_;
  std::vector<Connection> connections_;
  std::vector<Satellite> satellites_;
  std::vector<Page> pages_;
};

}  // namespace conclab
