/// @file environment.hpp
/// @brief Settings read from environment variables.
#pragma once

#include <optional>

namespace conclab {

/// The value of environment variable `name` as a positive number, or nothing when it is
/// unset, not a number, or not above zero. Read it before starting threads: `getenv` is not
/// safe against a concurrent `setenv`.
std::optional<double> env_positive_number(const char* name);

}  // namespace conclab
