// conclab::Mutex without CONCLAB_CHECK_LOCK_ORDER: a plain std::mutex, costing nothing.
#include <doctest/doctest.h>

#include <mutex>
#include <type_traits>

#include "conclab/checked_mutex.hpp"

TEST_CASE("without CONCLAB_CHECK_LOCK_ORDER, conclab::Mutex is std::mutex") {
  CHECK(std::is_same_v<conclab::Mutex, std::mutex>);
}
