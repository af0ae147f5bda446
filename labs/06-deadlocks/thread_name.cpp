#include "thread_name.hpp"

#include <pthread.h>

namespace lab06 {

void name_this_thread(const std::string& name) {
  constexpr std::size_t kLongestName = 15;  // the kernel's limit, without the final '\0'
  const std::string shortened = name.substr(0, kLongestName);
  pthread_setname_np(pthread_self(), shortened.c_str());
}

}  // namespace lab06
