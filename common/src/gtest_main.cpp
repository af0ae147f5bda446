// The main() of every lab test executable: GoogleTest, with each test under the watchdog.
#include <gtest/gtest.h>

#include "conclab/testing/watchdog_listener.hpp"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  // GoogleTest owns and deletes the listener.
  ::testing::UnitTest::GetInstance()->listeners().Append(
      new conclab::testing::WatchdogListener);  // NOLINT(cppcoreguidelines-owning-memory)
  return RUN_ALL_TESTS();
}
