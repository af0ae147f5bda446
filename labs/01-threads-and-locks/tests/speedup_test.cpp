// Speedup: the partial-count version must get faster with threads. Measured as a ratio in
// one run (one thread against all available cores, interleaved, best of several), and
// skipped, never failed, where it cannot be measured (one core, a sanitizer build).
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "conclab/cores.hpp"
#include "conclab/testing/speedup_assertions.hpp"
#include "counters.hpp"
#include "hit_data.hpp"

namespace lab01 {
namespace {

using testing::consecutive_values;
using testing::hits_in_consecutive;

constexpr std::size_t kValues = 8'000'000;

TEST(CountersSpeedup, PartialCountsGetFasterWithMoreThreads) {
  static const auto values = consecutive_values(kValues);
  const std::size_t threads = std::max(2U, std::min(conclab::available_cores(), 4U));
  // The answer comes first: a fast wrong answer is not a speedup.
  ASSERT_EQ(count_hits_with_partials(values, threads), hits_in_consecutive(kValues));

  long sink = 0;  // keeps the calls from being optimised away
  // At least 65% of the ideal min(threads, cores): 1.3 on two cores.
  CONCLAB_EXPECT_SPEEDUP([&] { sink += count_hits_with_partials(values, 1); },
                         [&] { sink += count_hits_with_partials(values, threads); },
                         static_cast<unsigned>(threads), 0.65);
  EXPECT_GT(sink, 0);
}

}  // namespace
}  // namespace lab01
