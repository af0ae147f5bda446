// What the lab 12 tests share: the runs of the MPI program they read (each started once per
// test executable), and the tests' own sequential answers, computed here without any of the
// student's code.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "housing.hpp"
#include "mpi_run.hpp"
#include "pi_mpi.hpp"

namespace lab12::testing {

/// Skips the test in a sanitizer build (see kSanitized).
#define LAB12_SKIP_UNDER_SANITIZER()                                                         \
  do {                                                                                       \
    if (::lab12::testing::kSanitized) {                                                      \
      GTEST_SKIP() << "Open MPI is not instrumented for sanitizers: the default build runs " \
                      "the MPI tests";                                                       \
    }                                                                                        \
  } while (false)

/// The rows of the tests' table: the first 20,637 of the housing table. Not a multiple of 2, 3
/// or 5, so that on 2 and 3 ranks no block starts at a multiple of 5 (with all 20,640 rows
/// every block would, and a fold taken from a row's index in its block would look right).
inline constexpr std::size_t kTestRows = 20637;

/// The arguments of the program's cross-validation on the tests' table.
inline std::vector<std::string> cv_arguments() {
  return {"cv", std::to_string(kDefaultSeed), std::to_string(kTestRows)};
}

/// X^T X / n, X^T y / n, y^T y / n and n of a set of rows, computed here, row by row.
struct Moments {
  std::array<double, kFeatures * kFeatures> g{};
  std::array<double, kFeatures> c{};
  double yy = 0;
  double n = 0;
};

/// The moments of the rows of the tests' table of `seed` that `keep(global_row)` accepts.
template <typename Keep>
Moments reference_moments(std::uint64_t seed, Keep keep) {
  Moments m;
  for (std::size_t i = 0; i < kTestRows; ++i) {
    if (!keep(i)) {
      continue;
    }
    const Row row = housing_row(seed, i);
    for (std::size_t j = 0; j < kFeatures; ++j) {
      for (std::size_t k = 0; k < kFeatures; ++k) {
        m.g[j * kFeatures + k] += row.x[j] * row.x[k];
      }
      m.c[j] += row.x[j] * row.y;
    }
    m.yy += row.y * row.y;
    m.n += 1;
  }
  for (double& v : m.g) v /= m.n;
  for (double& v : m.c) v /= m.n;
  m.yy /= m.n;
  return m;
}

/// The moments of every row, and of the rows outside fold 0 (the tests' own, cached).
inline const Moments& all_rows() {
  static const Moments m = reference_moments(kDefaultSeed, [](std::size_t) { return true; });
  return m;
}
inline const Moments& rows_outside_fold0() {
  static const Moments m =
      reference_moments(kDefaultSeed, [](std::size_t i) { return fold_of(i) != 0; });
  return m;
}

/// The mean squared error of `w` on rows of moments `m`.
inline double reference_mse(const Moments& m, const std::vector<double>& w) {
  double value = m.yy;
  for (std::size_t j = 0; j < kFeatures; ++j) {
    value -= 2 * w[j] * m.c[j];
    for (std::size_t k = 0; k < kFeatures; ++k) {
      value += w[j] * m.g[j * kFeatures + k] * w[k];
    }
  }
  return value;
}

/// How far `w` is from the lasso's optimum for `lambda` on rows of moments `m`: the largest
/// violation of the optimality (KKT) conditions, 0 at the exact optimum. With the gradient
/// d = G w - c of the squared loss: |d_j + lambda sign(w_j)| where w_j != 0, and
/// max(0, |d_j| - lambda) where w_j = 0.
inline double kkt_violation(const Moments& m, const std::vector<double>& w, double lambda) {
  double worst = 0;
  for (std::size_t j = 0; j < kFeatures; ++j) {
    double d = -m.c[j];
    for (std::size_t k = 0; k < kFeatures; ++k) {
      d += m.g[j * kFeatures + k] * w[k];
    }
    const double violation = w[j] != 0 ? std::abs(d + lambda * (w[j] > 0 ? 1.0 : -1.0))
                                       : std::max(0.0, std::abs(d) - lambda);
    worst = std::max(worst, violation);
  }
  return worst;
}

/// The lasso optimum for `lambda` on rows of moments `m`, by the tests' own coordinate descent
/// (cyclic, from 0, to a change of 1e-13 per sweep).
inline std::vector<double> reference_lasso(const Moments& m, double lambda) {
  std::vector<double> w(kFeatures, 0.0);
  for (int sweep = 0; sweep < 1000000; ++sweep) {
    double change = 0;
    for (std::size_t j = 0; j < kFeatures; ++j) {
      double rho = m.c[j];
      for (std::size_t k = 0; k < kFeatures; ++k) {
        rho -= k == j ? 0.0 : m.g[j * kFeatures + k] * w[k];
      }
      const double shrunk = std::max(0.0, std::abs(rho) - lambda) * (rho < 0 ? -1.0 : 1.0);
      const double next = shrunk / m.g[j * kFeatures + j];
      change = std::max(change, std::abs(next - w[j]));
      w[j] = next;
    }
    if (change <= 1e-13) {
      break;
    }
  }
  return w;
}

/// The mean held-out MSE over the folds for each lambda of the grid, computed here.
inline const std::vector<double>& reference_mean_cv_mse() {
  static const std::vector<double> means = [] {
    std::vector<double> result;
    std::array<Moments, kFolds> held_out;
    std::array<Moments, kFolds> train;
    for (std::size_t f = 0; f < kFolds; ++f) {
      held_out[f] = reference_moments(kDefaultSeed, [f](std::size_t i) { return fold_of(i) == f; });
      train[f] = reference_moments(kDefaultSeed, [f](std::size_t i) { return fold_of(i) != f; });
    }
    for (const double lambda : kLambdaGrid) {
      double total = 0;
      for (std::size_t f = 0; f < kFolds; ++f) {
        total += reference_mse(held_out[f], reference_lasso(train[f], lambda));
      }
      result.push_back(total / kFolds);
    }
    return result;
  }();
  return means;
}

/// The hits of `samples` points of the family `seed`, counted here block by block.
inline std::uint64_t reference_hits(std::uint64_t samples, std::uint64_t seed) {
  std::uint64_t hits = 0;
  for (std::uint64_t first = 0, b = 0; first < samples; first += kPiBlockSize, ++b) {
    hits += hits_in_block(seed, b, std::min(kPiBlockSize, samples - first));
  }
  return hits;
}

/// A run of the program, started on first use and kept for every test of the executable
/// that asks for the same ranks and arguments.
inline const MpiRun& cached_run(int ranks, const std::vector<std::string>& args) {
  static std::map<std::pair<int, std::vector<std::string>>, MpiRun> runs;
  const auto key = std::make_pair(ranks, args);
  auto found = runs.find(key);
  if (found == runs.end()) {
    found =
        runs.emplace(key, run_mpi(ranks, args, patient_budget(15, std::chrono::seconds(10)))).first;
  }
  return found->second;
}

}  // namespace lab12::testing
