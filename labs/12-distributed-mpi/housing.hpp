/// @file housing.hpp
/// @brief A table shaped like the California housing data (20,640 districts, 8 numeric
/// features, the median house value as target), generated from a seed instead of downloaded.
///
/// Given code: you use it, you do not change it. Row i depends only on the seed and on i, so
/// every rank generates its own block of rows and no rank ever holds the whole table.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <string_view>
#include <vector>

#include "rng.hpp"

namespace lab12 {

/// Features per row (no constant column: the model has no intercept).
inline constexpr std::size_t kFeatures = 8;
/// Rows of the table, as in the California housing set.
inline constexpr std::size_t kHousingRows = 20640;
/// Folds of the cross-validation.
inline constexpr std::size_t kFolds = 5;
/// The regularisation grid of the seed notebook (Spark's regParam).
inline constexpr std::array<double, 6> kLambdaGrid{1e-3, 1e-2, 1e-1, 0.5, 1.0, 2.0};
/// The seed the programs use unless told otherwise.
inline constexpr std::uint64_t kDefaultSeed = 2024;

/// The features' names, in column order.
inline constexpr std::array<std::string_view, kFeatures> kFeatureNames{
    "MedInc",      "HouseAge", "AveRooms", "AveBedrms",
    "PopulationK", "AveOccup", "Latitude", "Longitude"};

/// One district: its features and its median house value (in 100,000 dollars).
struct Row {
  std::array<double, kFeatures> x{};  ///< The features, in the order of kFeatureNames.
  double y = 0;                       ///< The target.
};

/// The fold of row `global_row` (its index in the whole table, whatever the rank holding it).
inline constexpr std::size_t fold_of(std::size_t global_row) {
  return global_row % kFolds;
}

/// A block of rows [first, end) of the table.
struct RowRange {
  std::size_t first = 0;  ///< Global index of the block's first row.
  std::size_t end = 0;    ///< One past its last row.
};

/// The contiguous block of `total` rows that rank `rank` of `ranks` holds: rank r has
/// [total*r/ranks, total*(r+1)/ranks), so the blocks cover the table once, in order.
inline constexpr RowRange rows_of_rank(std::size_t total, int rank, int ranks) {
  const auto r = static_cast<std::size_t>(rank);
  const auto p = static_cast<std::size_t>(ranks);
  return {total * r / p, total * (r + 1) / p};
}

/// Row `index` of the table of `seed`: made from its own random stream, so that any rank can
/// generate any row without the others.
inline Row housing_row(std::uint64_t seed, std::size_t index) {
  Xoshiro256ss generator = Xoshiro256ss::stream(seed, index);
  auto normal = [&generator] {  // Box-Muller: one standard normal from two uniforms
    const double u = 1.0 - generator.next_double();  // in (0, 1]
    const double v = generator.next_double();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
  };
  Row row;
  const double income = std::clamp(std::exp(1.27 + 0.45 * normal()), 0.5, 15.0);
  const double age = std::clamp(std::round(28.6 + 12.6 * normal()), 1.0, 52.0);
  const double rooms = std::max(1.0, 4.0 + 0.35 * income + 0.8 * normal());
  const double bedrooms = std::max(0.5, 0.2 * rooms + 0.05 * normal());
  const double population = std::clamp(std::exp(0.15 + 0.7 * normal()), 0.003, 36.0);
  const double occupancy = std::max(0.7, 2.4 + 0.3 * population + 0.6 * std::abs(normal()));
  const double latitude = std::clamp(35.6 + 2.1 * normal(), 32.5, 42.0);
  const double longitude = std::clamp(-119.6 + 2.0 * normal(), -124.4, -114.3);
  row.x = {income, age, rooms, bedrooms, population, occupancy, latitude, longitude};
  const double value = 0.9 + 0.42 * income + 0.01 * age - 0.05 * rooms + 0.3 * bedrooms -
                       0.02 * population - 0.06 * occupancy - 0.1 * (latitude - 35.6) -
                       0.1 * (longitude + 119.6) + 0.6 * normal();
  row.y = std::clamp(value, 0.15, 5.0);
  return row;
}

/// The rows [range.first, range.end) of the table of `seed`.
inline std::vector<Row> housing_rows(std::uint64_t seed, RowRange range) {
  std::vector<Row> rows;
  rows.reserve(range.end - range.first);
  for (std::size_t i = range.first; i < range.end; ++i) {
    rows.push_back(housing_row(seed, i));
  }
  return rows;
}

}  // namespace lab12
