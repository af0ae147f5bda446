/// @file ctest_summary.hpp
/// @brief Reading and writing CTest's closing line, "97% tests passed, 1 tests failed out of 30".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace conclab::grading {

/// The counts of a CTest summary line.
struct CtestSummary {
  /// Tests that failed.
  std::size_t failed = 0;
  /// Tests in all.
  std::size_t total = 0;
};

/// The counts of the last summary line in a ctest run's output, if it has one.
[[nodiscard]] std::optional<CtestSummary> parse_ctest_summary(std::string_view output);

/// The summary line exactly as CTest writes it: the percentage rounded, but never 100% while a
/// test failed.
[[nodiscard]] std::string format_ctest_summary(const CtestSummary& summary);

/// The broken variants' checks in a ctest run's output that skipped themselves instead of
/// failing ("lab09.broken-x.speedup ...***Skipped"). Each is a proof not given (a speedup
/// check on a machine too busy to measure), not a proof passed.
[[nodiscard]] std::vector<std::string> skipped_proofs(std::string_view output);

}  // namespace conclab::grading
