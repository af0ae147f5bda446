/// @file thread_name.hpp
/// @brief Names the calling thread, so that watchdog reports and debuggers say which is which.
#pragma once

#include <string>

namespace lab06 {

/// Names the calling thread `name` (Linux keeps the first 15 characters). The watchdog's
/// report shows it beside each thread: `thread 4711 "pool-worker-0" is ...`.
void name_this_thread(const std::string& name);

}  // namespace lab06
