// Compiled into each test executable on its own, with CONCLAB_TEST_TIMEOUT_SECONDS set to
// the lab's timeout for that executable's kind of test.
#include <chrono>

#ifndef CONCLAB_TEST_TIMEOUT_SECONDS
#define CONCLAB_TEST_TIMEOUT_SECONDS 10
#endif

namespace conclab::testing {

std::chrono::seconds configured_test_timeout() {
  return std::chrono::seconds(CONCLAB_TEST_TIMEOUT_SECONDS);
}

}  // namespace conclab::testing
