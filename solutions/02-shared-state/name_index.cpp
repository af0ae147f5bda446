#include "name_index.hpp"

namespace lab02 {

std::size_t NameIndex::number_for(const std::string& name) {
  // The look-up and the insert are one critical section: between finding the name missing and
  // giving it a number, no other thread can give it one too.
  const std::scoped_lock lock(mutex_);
  const auto [entry, inserted] = numbers_.try_emplace(name, names_.size());
  if (inserted) {
    names_.push_back(name);
  }
  return entry->second;
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
