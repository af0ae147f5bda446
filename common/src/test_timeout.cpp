// Compiled once per watchdog limit, with CONCLAB_TEST_TIMEOUT_SECONDS set to it, and linked
// into every test executable whose kind of test has that limit in its lab
// (conclab_test_timeout_objects in common/cmake/ConclabTestTimeout.cmake).
#include <chrono>

#ifndef CONCLAB_TEST_TIMEOUT_SECONDS
#define CONCLAB_TEST_TIMEOUT_SECONDS 10
#endif

namespace conclab::testing {

std::chrono::seconds configured_test_timeout() {
  return std::chrono::seconds(CONCLAB_TEST_TIMEOUT_SECONDS);
}

}  // namespace conclab::testing
