#include "conclab/environment.hpp"

#include <cstdlib>

namespace conclab {

std::optional<double> env_positive_number(const char* name) {
  const char* text = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): nobody calls setenv
  if (text == nullptr) {
    return std::nullopt;
  }
  char* end = nullptr;
  const double value = std::strtod(text, &end);
  if (end == text || value <= 0) {
    return std::nullopt;
  }
  return value;
}

}  // namespace conclab
