// Lab 08 demo: the notebooks' pipe and queue examples, run on your own code.
//
// (a) seed 003: a child greets its parent over a pipe with its name, its parent's pid and its
// own; (b) seed 001: a square and a cube process feed one queue, with the seed's five numbers;
// (c) the same with 100 000 numbers, far more than a pipe holds, which only works when the
// parent drains the queue before it waits for the producers. Built against the stubs it still
// runs, and each section says what is not done yet.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "conclab/demo_section.hpp"
#include "seed_examples.hpp"

int main() {
  std::fflush(stdout);  // nothing buffered may be copied into the children
  std::printf("parent: pid %d\n", static_cast<int>(::getpid()));

  conclab::demo_section("(a) seed 003: a Pipe between parent and child", [] {
    const lab08::Greeting greeting = lab08::greet_from_child("Process-1");
    std::printf("%s\n", greeting.text.c_str());
    std::printf("(the parent received it from pid %d and waited for it)\n",
                static_cast<int>(greeting.child));
  });

  conclab::demo_section("(b) seed 001: square and cube processes feeding one Queue", [] {
    const std::vector<long long> results = lab08::square_and_cube({0, 1, 2, 3, 4});
    for (const long long value : results) {
      std::printf("%lld\n", value);
    }
    std::printf("(the two producers' results interleave in whatever order they arrived)\n");
  });

  conclab::demo_section("(c) the same with 100 000 numbers: drain before join", [] {
    std::vector<int> numbers(100'000);
    std::iota(numbers.begin(), numbers.end(), 0);
    const auto start = std::chrono::steady_clock::now();
    const std::vector<long long> results = lab08::square_and_cube(numbers);
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    std::printf("%zu results in %.1f ms, about %zu KiB through a pipe that holds 64 KiB.\n",
                results.size(), took.count(), results.size() * 17 / 1024);
    std::printf(
        "Joining the producers before reading would have hung here for ever: they wait\n"
        "for room in the pipe, and the parent waits for them to end.\n");
  });
  return 0;
}
