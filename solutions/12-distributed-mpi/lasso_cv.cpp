// Cross-validated lasso over MPI ranks: each rank summarises its own rows per fold, one
// MPI_Allreduce adds the summaries, and every rank then fits the same models on the same sums.
#include "lasso_cv.hpp"

#include <algorithm>
#include <cmath>

namespace lab12 {

FoldStatistics local_fold_statistics(std::span<const Row> rows, std::size_t first_row) {
  FoldStatistics folds{};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    // The fold is a property of the row's place in the whole table, not in this rank's block:
    // that keeps the folds the same whatever the number of ranks.
    Statistics& s = folds[fold_of(first_row + i)];
    const Row& row = rows[i];
    for (std::size_t j = 0; j < kFeatures; ++j) {
      for (std::size_t k = 0; k < kFeatures; ++k) {
        s.xtx[j * kFeatures + k] += row.x[j] * row.x[k];
      }
      s.xty[j] += row.x[j] * row.y;
    }
    s.yty += row.y * row.y;
    s.n += 1;
  }
  return folds;
}

void sum_over_ranks(FoldStatistics& folds, MPI_Comm comm) {
  // All folds at once: kFolds * kStatisticsDoubles doubles, summed element by element.
  MPI_Allreduce(MPI_IN_PLACE, folds.data(), kFolds * kStatisticsDoubles, MPI_DOUBLE, MPI_SUM, comm);
}

namespace {

/// The soft-threshold operator: the lasso's answer for one coefficient.
double soft_threshold(double z, double threshold) {
  if (z > threshold) {
    return z - threshold;
  }
  if (z < -threshold) {
    return z + threshold;
  }
  return 0.0;
}

}  // namespace

Coefficients fit_lasso(const Statistics& train, double lambda) {
  Coefficients w{};
  if (train.n <= 0) {
    return w;
  }
  // The objective (1/2n)||y - Xw||^2 + lambda ||w||_1 needs only G = X^T X / n and c = X^T y / n.
  std::array<double, kFeatures * kFeatures> g{};
  Coefficients c{};
  for (std::size_t i = 0; i < g.size(); ++i) {
    g[i] = train.xtx[i] / train.n;
  }
  for (std::size_t j = 0; j < kFeatures; ++j) {
    c[j] = train.xty[j] / train.n;
  }
  for (int sweep = 0; sweep < kMaxSweeps; ++sweep) {
    double largest_change = 0;
    for (std::size_t j = 0; j < kFeatures; ++j) {
      const double gjj = g[j * kFeatures + j];
      if (gjj <= 0) {
        continue;  // a column of zeros: its coefficient stays 0
      }
      // rho = c_j - sum_{k != j} G_jk w_k: the correlation of feature j with the residual of
      // the other features.
      double rho = c[j];
      for (std::size_t k = 0; k < kFeatures; ++k) {
        if (k != j) {
          rho -= g[j * kFeatures + k] * w[k];
        }
      }
      const double updated = soft_threshold(rho, lambda) / gjj;
      largest_change = std::max(largest_change, std::abs(updated - w[j]));
      w[j] = updated;
    }
    if (largest_change <= kTolerance) {
      break;
    }
  }
  return w;
}

double mean_squared_error(const Statistics& rows, const Coefficients& w) {
  if (rows.n <= 0) {
    return 0.0;
  }
  double wxty = 0;
  double wxtxw = 0;
  for (std::size_t j = 0; j < kFeatures; ++j) {
    wxty += w[j] * rows.xty[j];
    for (std::size_t k = 0; k < kFeatures; ++k) {
      wxtxw += w[j] * rows.xtx[j * kFeatures + k] * w[k];
    }
  }
  return (rows.yty - 2 * wxty + wxtxw) / rows.n;
}

CrossValidation cross_validate(std::span<const Row> rows, std::size_t first_row,
                               std::span<const double> grid, MPI_Comm comm) {
  FoldStatistics folds = local_fold_statistics(rows, first_row);
  sum_over_ranks(folds, comm);  // the only communication: the data never moves
  Statistics all{};
  for (const Statistics& fold : folds) {
    all += fold;
  }
  CrossValidation cv;
  cv.lambdas.assign(grid.begin(), grid.end());
  for (const double lambda : grid) {
    double total = 0;
    for (const Statistics& held_out : folds) {
      Statistics train = all;
      train -= held_out;
      total += mean_squared_error(held_out, fit_lasso(train, lambda));
    }
    cv.mean_cv_mse.push_back(total / static_cast<double>(kFolds));
  }
  const auto best = std::min_element(cv.mean_cv_mse.begin(), cv.mean_cv_mse.end());
  if (best != cv.mean_cv_mse.end()) {
    cv.best_lambda = cv.lambdas[static_cast<std::size_t>(best - cv.mean_cv_mse.begin())];
  }
  cv.coefficients = fit_lasso(all, cv.best_lambda);
  cv.mse = mean_squared_error(all, cv.coefficients);
  Statistics without_fold0 = all;
  without_fold0 -= folds[0];
  cv.fold0_coefficients = fit_lasso(without_fold0, cv.best_lambda);
  return cv;
}

}  // namespace lab12
