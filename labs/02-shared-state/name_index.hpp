/// @file name_index.hpp
/// @brief Task 3: numbers handed out to names the first time each is seen, from many threads.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace lab02 {

/// Gives every distinct name a number, 0, 1, 2, ..., in the order the names are first seen,
/// and the same number every time after: the way the demo numbers launches by the launch dates
/// of the satellites it fetches. Every member function may be called from any thread.
class NameIndex {
 public:
  /// The number of `name`: the number it got the first time any thread asked for it or, if
  /// this is that first time, the next free number. So each name has exactly one number, and
  /// the numbers in use are always 0 to size() - 1, each belonging to one name.
  std::size_t number_for(const std::string& name);

  /// How many names have a number.
  [[nodiscard]] std::size_t size() const;

  /// Every name with a number, in number order: names()[n] is the name numbered n.
  [[nodiscard]] std::vector<std::string> names() const;

 private:
  mutable std::mutex mutex_;                                 ///< Guards both members below.
  std::map<std::string, std::size_t, std::less<>> numbers_;  ///< The number of each name.
  std::vector<std::string> names_;                           ///< The name of each number.
};

}  // namespace lab02
