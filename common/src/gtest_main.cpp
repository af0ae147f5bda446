// The main() of every lab test executable: GoogleTest, with each test under the watchdog.
#include <gtest/gtest.h>

#include <optional>
#include <string_view>

#include "conclab/testing/watchdog_listener.hpp"
#include "conclab/watchdog.hpp"

namespace {

/// Whether this process is the child GoogleTest starts to run a death test (EXPECT_EXIT,
/// EXPECT_DEATH in the "threadsafe" style). Read before InitGoogleTest removes the flag.
bool is_death_test_child(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]).starts_with("--gtest_internal_run_death_test")) {  // NOLINT
      return true;
    }
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  const bool death_test_child = is_death_test_child(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  // GoogleTest owns and deletes the listener.
  ::testing::UnitTest::GetInstance()->listeners().Append(
      new conclab::testing::WatchdogListener);  // NOLINT(cppcoreguidelines-owning-memory)
  // A death test's child gets no listener events, so it is watched as a whole, and gives up a
  // little before its parent does: its report then reaches the parent's failure message.
  std::optional<conclab::Watchdog> child_watchdog;
  if (death_test_child) {
    child_watchdog.emplace(conclab::testing::test_deadline() * 2 / 3,
                           "a death test's child process");
  }
  return RUN_ALL_TESTS();
}
