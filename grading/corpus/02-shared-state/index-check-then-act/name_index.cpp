#include "name_index.hpp"

namespace lab02 {

// BROKEN on purpose: the look-up and the insert are two critical sections. Two threads asking
// for the same new name can both find it missing before either adds it, and then both give it a
// number. Every access holds the lock, so ThreadSanitizer has nothing to report.
std::size_t NameIndex::number_for(const std::string& name) {
  {
    const std::scoped_lock lock(mutex_);
    const auto found = numbers_.find(name);
    if (found != numbers_.end()) {
      return found->second;
    }
  }
  const std::scoped_lock lock(mutex_);
  const std::size_t number = names_.size();
  names_.push_back(name);
  numbers_[name] = number;
  return number;
}

std::size_t NameIndex::size() const {
  const std::scoped_lock lock(mutex_);
  return names_.size();
}

std::vector<std::string> NameIndex::names() const {
  const std::scoped_lock lock(mutex_);
  return names_;
}

}  // namespace lab02
