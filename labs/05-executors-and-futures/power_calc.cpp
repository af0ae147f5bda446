#include "power_calc.hpp"

#include <algorithm>
#include <functional>
#include <queue>
#include <thread>

namespace lab05 {

int power_calc(int x, std::chrono::microseconds unit) {
  std::this_thread::sleep_for(x * unit);
  return x * x;
}

int power_calc_units(const std::vector<int>& values, std::size_t workers) {
  // When each worker becomes free, soonest first: the next value goes to the soonest.
  std::priority_queue<int, std::vector<int>, std::greater<>> free_at;
  for (std::size_t i = 0; i < std::max<std::size_t>(workers, 1); ++i) {
    free_at.push(0);
  }
  int finish = 0;
  for (const int value : values) {
    const int end = free_at.top() + value;
    free_at.pop();
    free_at.push(end);
    finish = std::max(finish, end);
  }
  return finish;
}

}  // namespace lab05
