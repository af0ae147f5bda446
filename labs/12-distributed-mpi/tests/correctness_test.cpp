// Lab 12 correctness: the answers of the MPI program, checked against what the tests compute
// here on one process, on 1, 2 and 3 ranks (3 ranks share 2 cores: that is fine for MPI).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "lab12_testing.hpp"

namespace lab12::testing {
namespace {

/// What rank 0 printed of a cross-validation.
struct CvAnswer {
  std::vector<double> lambdas;
  std::vector<double> mean_mse;
  double best_lambda = -1;
  std::vector<double> coefficients;
  std::vector<double> fold0_coefficients;
  double mse = -1;
  std::vector<std::string> rank_lines;  ///< Each rank's own summary line.
};

/// Runs the cross-validation on `ranks` ranks (once per test executable) and reads it; fails
/// the calling test when the run did not end well.
CvAnswer cv_on(int ranks) {
  const MpiRun& run = cached_run(ranks, cv_arguments());
  EXPECT_TRUE(run.finished && run.status == 0) << describe(run);
  CvAnswer answer;
  for (const std::string& line : lines_starting(run.output, "cv lambda ")) {
    const std::vector<double> numbers = numbers_in(line);
    if (numbers.size() == 2) {
      answer.lambdas.push_back(numbers[0]);
      answer.mean_mse.push_back(numbers[1]);
    }
  }
  for (const std::string& line : lines_starting(run.output, "cv best-lambda ")) {
    answer.best_lambda = numbers_in(line).at(0);
  }
  for (const std::string& line : lines_starting(run.output, "cv coefficients ")) {
    answer.coefficients = numbers_in(line);
  }
  for (const std::string& line : lines_starting(run.output, "cv fold0-coefficients ")) {
    answer.fold0_coefficients = numbers_in(line);
  }
  for (const std::string& line : lines_starting(run.output, "cv mse ")) {
    answer.mse = numbers_in(line).at(0);
  }
  answer.rank_lines = lines_starting(run.output, "cv rank ");
  EXPECT_EQ(answer.coefficients.size(), kFeatures) << describe(run);
  EXPECT_EQ(answer.rank_lines.size(), static_cast<std::size_t>(ranks)) << describe(run);
  return answer;
}

/// Whether a and b agree to `relative` of the larger (or to `relative` near 0).
bool close(double a, double b, double relative) {
  return std::abs(a - b) <= relative * std::max({1.0, std::abs(a), std::abs(b)});
}

std::string text_of(const std::vector<double>& values) {
  std::string text;
  for (const double v : values) {
    text += " " + std::to_string(v);
  }
  return "{" + text + " }";
}

/// Whether `cv` is an answer at all: a best lambda from the grid and a coefficient that is not
/// 0 (agreeing on nothing would pass the comparisons between rank counts).
::testing::AssertionResult is_an_answer(const CvAnswer& cv) {
  if (std::find(kLambdaGrid.begin(), kLambdaGrid.end(), cv.best_lambda) == kLambdaGrid.end()) {
    return ::testing::AssertionFailure()
           << "the best lambda printed, " << cv.best_lambda << ", is not one of the grid";
  }
  if (std::all_of(cv.coefficients.begin(), cv.coefficients.end(),
                  [](double w) { return w == 0; })) {
    return ::testing::AssertionFailure() << "every coefficient is 0";
  }
  return ::testing::AssertionSuccess();
}

/// How far from optimal a coefficient vector may be: the fit stops at a change of 1e-12 per
/// sweep, which leaves a gradient of about that much times the largest entry of G.
constexpr double kKktTolerance = 1e-8;

TEST(CrossValidation, RefitOnAllRowsIsTheLassoOptimum) {
  LAB12_SKIP_UNDER_SANITIZER();
  const CvAnswer cv = cv_on(2);
  ASSERT_EQ(cv.coefficients.size(), kFeatures);
  ASSERT_GT(cv.best_lambda, 0) << "no best lambda was printed";
  const double violation = kkt_violation(all_rows(), cv.coefficients, cv.best_lambda);
  EXPECT_LE(violation, kKktTolerance)
      << "the coefficients fitted on all rows at lambda " << cv.best_lambda
      << " do not minimise (1/2n)||y - Xw||^2 + lambda ||w||_1 (the optimality conditions are "
         "off by "
      << violation << "): " << text_of(cv.coefficients);
  EXPECT_NE(std::count(cv.coefficients.begin(), cv.coefficients.end(), 0.0),
            static_cast<long>(kFeatures))
      << "every coefficient is 0";
}

TEST(CrossValidation, FitWithoutFold0IsTheLassoOptimum) {
  LAB12_SKIP_UNDER_SANITIZER();
  const CvAnswer cv = cv_on(2);
  ASSERT_EQ(cv.fold0_coefficients.size(), kFeatures);
  ASSERT_GT(cv.best_lambda, 0) << "no best lambda was printed";
  const double violation =
      kkt_violation(rows_outside_fold0(), cv.fold0_coefficients, cv.best_lambda);
  EXPECT_LE(violation, kKktTolerance)
      << "the fit on the rows outside fold 0 (rows i with i % 5 != 0 of the whole table) at "
         "lambda "
      << cv.best_lambda << " is off the optimum by " << violation << ": "
      << text_of(cv.fold0_coefficients);
}

TEST(CrossValidation, MseIsTheErrorOfTheCoefficientsOnAllRows) {
  LAB12_SKIP_UNDER_SANITIZER();
  const CvAnswer cv = cv_on(2);
  ASSERT_EQ(cv.coefficients.size(), kFeatures);
  const double expected = reference_mse(all_rows(), cv.coefficients);
  EXPECT_TRUE(close(cv.mse, expected, 1e-9))
      << "printed MSE " << cv.mse << ", but these coefficients make an MSE of " << expected
      << " on all rows";
}

TEST(CrossValidation, BestLambdaHasTheLeastMeanHeldOutError) {
  LAB12_SKIP_UNDER_SANITIZER();
  const CvAnswer cv = cv_on(2);
  ASSERT_EQ(cv.lambdas, std::vector<double>(kLambdaGrid.begin(), kLambdaGrid.end()));
  ASSERT_EQ(cv.mean_mse.size(), kLambdaGrid.size());
  const std::vector<double>& expected = reference_mean_cv_mse();
  for (std::size_t l = 0; l < kLambdaGrid.size(); ++l) {
    EXPECT_TRUE(close(cv.mean_mse[l], expected[l], 1e-7))
        << "at lambda " << kLambdaGrid[l] << " the mean over the 5 folds of the held-out MSE (fit "
        << "on the other 4 folds, error on this one) is " << expected[l] << ", not "
        << cv.mean_mse[l];
  }
  const auto least = std::min_element(expected.begin(), expected.end());
  EXPECT_EQ(cv.best_lambda, kLambdaGrid[static_cast<std::size_t>(least - expected.begin())])
      << "the best lambda is the one of least mean held-out MSE:" << text_of(expected);
}

TEST(CrossValidation, SameAnswerOnOneTwoAndThreeRanks) {
  LAB12_SKIP_UNDER_SANITIZER();
  const CvAnswer one = cv_on(1);
  ASSERT_EQ(one.coefficients.size(), kFeatures);
  ASSERT_TRUE(is_an_answer(one)) << "on 1 rank";
  for (const int ranks : {2, 3}) {
    const CvAnswer many = cv_on(ranks);
    ASSERT_EQ(many.coefficients.size(), kFeatures) << ranks << " ranks";
    EXPECT_EQ(many.best_lambda, one.best_lambda)
        << "the best lambda on " << ranks << " ranks differs from the one on 1 rank";
    for (std::size_t j = 0; j < kFeatures; ++j) {
      EXPECT_TRUE(close(many.coefficients[j], one.coefficients[j], 1e-9))
          << kFeatureNames[j] << "'s coefficient on " << ranks << " ranks is "
          << many.coefficients[j] << ", on 1 rank " << one.coefficients[j];
    }
    EXPECT_TRUE(close(many.mse, one.mse, 1e-9))
        << "MSE on " << ranks << " ranks " << many.mse << ", on 1 rank " << one.mse;
    ASSERT_EQ(many.mean_mse.size(), one.mean_mse.size());
    for (std::size_t l = 0; l < one.mean_mse.size(); ++l) {
      EXPECT_TRUE(close(many.mean_mse[l], one.mean_mse[l], 1e-9))
          << "mean held-out MSE at lambda " << one.lambdas[l] << " on " << ranks << " ranks "
          << many.mean_mse[l] << ", on 1 rank " << one.mean_mse[l];
    }
  }
}

TEST(CrossValidation, EveryRankHasTheSameAnswer) {
  LAB12_SKIP_UNDER_SANITIZER();
  const CvAnswer cv = cv_on(3);
  ASSERT_EQ(cv.rank_lines.size(), 3U);
  ASSERT_TRUE(is_an_answer(cv)) << "on 3 ranks";
  // "R rows A-B best-lambda L mse M coefficients ...": everything after the rows must agree.
  auto answer_of = [](const std::string& line) { return line.substr(line.find(" best-lambda")); };
  for (const std::string& line : cv.rank_lines) {
    EXPECT_EQ(answer_of(line), answer_of(cv.rank_lines[0]))
        << "every rank runs the same fits on the same sums, so every rank must print the same";
  }
}

/// Not a multiple of the block size: the last block is short.
constexpr std::uint64_t kPiSamples = 5 * kPiBlockSize + 12345;
constexpr std::uint64_t kPiSeed = 77;

std::uint64_t pi_hits_on(int ranks) {
  const MpiRun& run =
      cached_run(ranks, {"pi", std::to_string(kPiSamples), std::to_string(kPiSeed)});
  EXPECT_TRUE(run.finished && run.status == 0) << describe(run);
  const std::vector<std::string> lines = lines_starting(run.output, "pi samples ");
  EXPECT_EQ(lines.size(), 1U) << describe(run);
  if (lines.size() != 1) {
    return 0;
  }
  const std::vector<double> numbers = numbers_in(lines[0]);
  return numbers.size() == 2 ? static_cast<std::uint64_t>(numbers[1]) : 0;
}

TEST(Pi, SameHitsOnOneTwoAndThreeRanks) {
  LAB12_SKIP_UNDER_SANITIZER();
  const std::uint64_t expected = reference_hits(kPiSamples, kPiSeed);
  for (const int ranks : {1, 2, 3}) {
    EXPECT_EQ(pi_hits_on(ranks), expected)
        << "on " << ranks << " ranks: block b's points come from stream(seed, b) whichever "
        << "rank draws it, and every block is drawn once";
    if (HasFailure()) {
      return;  // one rank count shows it (and a run that hangs costs its whole deadline)
    }
  }
}

TEST(Pi, EstimateIsWithinFiveSigma) {
  LAB12_SKIP_UNDER_SANITIZER();
  const auto n = static_cast<double>(kPiSamples);
  const double estimate = 4.0 * static_cast<double>(pi_hits_on(2)) / n;
  const double p = std::numbers::pi / 4;
  const double sigma = 4.0 * std::sqrt(p * (1 - p) / n);
  EXPECT_NEAR(estimate, std::numbers::pi, 5 * sigma);
}

/// Runs the ring shift of `counts` doubles on `ranks` ranks; every rank must say "ok".
void expect_ring_ok(int ranks, const std::vector<std::string>& counts) {
  std::vector<std::string> args{"ring"};
  args.insert(args.end(), counts.begin(), counts.end());
  const MpiRun& run = cached_run(ranks, args);
  ASSERT_TRUE(run.finished && run.status == 0) << ranks << " ranks: " << describe(run);
  for (const std::string& count : counts) {
    for (int rank = 0; rank < ranks; ++rank) {
      const std::string ok = "ring count " + count + " rank " + std::to_string(rank) + " ok";
      EXPECT_TRUE(run.output.find(ok + "\n") != std::string::npos)
          << "rank " << rank << " of " << ranks << " did not receive the " << count
          << " doubles rank " << (rank - 1 + ranks) % ranks << " sent:\n"
          << run.output;
    }
  }
}

// 2 doubles (16 B) go out eagerly; 524288 (4 MiB) need the receiver: both must arrive whole.
TEST(RingShift, SmallAndLargeMessagesOnTwoRanks) {
  LAB12_SKIP_UNDER_SANITIZER();
  expect_ring_ok(2, {"2", "524288"});
}

TEST(RingShift, SmallAndLargeMessagesOnThreeRanks) {
  LAB12_SKIP_UNDER_SANITIZER();
  expect_ring_ok(3, {"2", "524288"});
}

TEST(Collectives, ScaledSumIsRankZerosScaleTimesTheSum) {
  LAB12_SKIP_UNDER_SANITIZER();
  for (const int ranks : {3}) {
    const MpiRun& run = cached_run(ranks, {"collectives"});
    ASSERT_TRUE(run.finished && run.status == 0) << ranks << " ranks: " << describe(run);
    // Rank r adds r + 1; rank 0's scale is 2.5, the others pass -1 (to be ignored).
    const double expected = 2.5 * ranks * (ranks + 1) / 2;
    for (int rank = 0; rank < ranks; ++rank) {
      const std::vector<std::string> lines =
          lines_starting(run.output, "collectives rank " + std::to_string(rank) + " scaled-sum ");
      ASSERT_EQ(lines.size(), 1U) << run.output;
      EXPECT_EQ(numbers_in(lines[0]).at(0), expected)
          << "rank " << rank << " of " << ranks << ": " << run.output;
    }
  }
}

}  // namespace
}  // namespace lab12::testing
