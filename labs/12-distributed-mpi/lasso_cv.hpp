/// @file lasso_cv.hpp
/// @brief Cross-validated lasso regression over MPI ranks, from sufficient statistics.
///
/// The model is Spark's LinearRegression with elasticNetParam = 1 (the lasso), no intercept
/// and no standardisation: w minimises (1/2n) ||y - Xw||^2 + lambda ||w||_1.
#pragma once

#include <mpi.h>

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "housing.hpp"

namespace lab12 {

/// Coefficients of the model, one per feature.
using Coefficients = std::array<double, kFeatures>;

/// What a set of rows tells a linear model: X^T X, X^T y, y^T y and the number of rows.
/// Sums of rows, so the statistics of two sets of rows add up: that is what lets every rank
/// summarise its own rows and MPI add the summaries.
///
/// Only doubles, in one block: an array of Statistics is kStatisticsDoubles * size doubles in a
/// row, which MPI can send or reduce as MPI_DOUBLE.
struct Statistics {
  std::array<double, kFeatures * kFeatures> xtx{};  ///< X^T X, row-major: xtx[j * kFeatures + k].
  std::array<double, kFeatures> xty{};              ///< X^T y.
  double yty = 0;                                   ///< y^T y.
  double n = 0;                                     ///< Number of rows.

  /// Adds the statistics of other rows.
  Statistics& operator+=(const Statistics& other) {
    for (std::size_t i = 0; i < xtx.size(); ++i) xtx[i] += other.xtx[i];
    for (std::size_t j = 0; j < xty.size(); ++j) xty[j] += other.xty[j];
    yty += other.yty;
    n += other.n;
    return *this;
  }
  /// Takes away the statistics of rows these include (the training rows of fold f are all
  /// rows minus fold f's).
  Statistics& operator-=(const Statistics& other) {
    for (std::size_t i = 0; i < xtx.size(); ++i) xtx[i] -= other.xtx[i];
    for (std::size_t j = 0; j < xty.size(); ++j) xty[j] -= other.xty[j];
    yty -= other.yty;
    n -= other.n;
    return *this;
  }
};

/// How many doubles one Statistics is.
inline constexpr int kStatisticsDoubles = kFeatures * kFeatures + kFeatures + 2;
static_assert(sizeof(Statistics) == kStatisticsDoubles * sizeof(double));

/// The statistics of each fold, fold f at index f.
using FoldStatistics = std::array<Statistics, kFolds>;

/// TODO(task 1): the statistics of each fold over `rows`, whose first row is row `first_row`
/// of the whole table (row first_row + i is in fold fold_of(first_row + i)).
FoldStatistics local_fold_statistics(std::span<const Row> rows, std::size_t first_row);

/// TODO(task 2): replaces every rank's `folds` by the sum over all ranks of `comm` (collective:
/// every rank calls it).
void sum_over_ranks(FoldStatistics& folds, MPI_Comm comm);

/// How close fit_lasso gets: it stops when a whole sweep changes no coefficient by more.
inline constexpr double kTolerance = 1e-12;
/// The most sweeps fit_lasso makes.
inline constexpr int kMaxSweeps = 50000;

/// TODO(task 3): the lasso fit on the rows `train` summarises, for `lambda`, by coordinate
/// descent on G = X^T X / n and c = X^T y / n, from w = 0.
Coefficients fit_lasso(const Statistics& train, double lambda);

/// TODO(task 4): the mean squared error of `w` on the rows `rows` summarises:
/// (y^T y - 2 w^T X^T y + w^T X^T X w) / n.
double mean_squared_error(const Statistics& rows, const Coefficients& w);

/// What cross-validation found.
struct CrossValidation {
  std::vector<double> lambdas;        ///< The grid, in the order given.
  std::vector<double> mean_cv_mse;    ///< Mean held-out MSE over the folds, per lambda.
  double best_lambda = 0;             ///< The lambda of least mean_cv_mse (the first, on ties).
  Coefficients coefficients{};        ///< The fit on all rows at best_lambda.
  double mse = 0;                     ///< The MSE of `coefficients` on all rows.
  Coefficients fold0_coefficients{};  ///< The fit without fold 0 at best_lambda.
};

/// TODO(task 5): k-fold cross-validation of the lasso over `grid`. Every rank of `comm` calls
/// it with its own block of rows (`rows`, starting at global row `first_row`) and gets the
/// same answer, whatever the number of ranks.
CrossValidation cross_validate(std::span<const Row> rows, std::size_t first_row,
                               std::span<const double> grid, MPI_Comm comm);

}  // namespace lab12
