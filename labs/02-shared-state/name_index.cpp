#include "name_index.hpp"

namespace lab02 {

std::size_t NameIndex::number_for(const std::string& name) {
  // TODO(task 3): this code passes every test with one thread, and fails with several: two
  // threads asking for the same new name at once can both give it a number. Every step holds
  // the lock, and ThreadSanitizer finds nothing wrong. Find out why, and fix it.
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
