/// @file demo_section.hpp
/// @brief One titled section of a lab's demo, run so that an unfinished task shows as a line
/// and the demo goes on to its other sections.
#pragma once

#include <cstdio>
#include <exception>
#include <stdexcept>

namespace conclab {

/// Prints "== title" and runs `section`. What it throws becomes one line: "not done yet: ..."
/// for a stub's `std::logic_error` (the TODO), "failed: ..." for anything else. Standard output
/// is flushed before and after, so that a section that forks never copies buffered text into
/// its children, and the sections' lines keep their order beside the children's.
template <typename Section>
void demo_section(const char* title, Section section) {
  std::printf("\n== %s\n", title);
  std::fflush(stdout);
  try {
    section();
  } catch (const std::logic_error& todo) {
    std::printf("not done yet: %s\n", todo.what());
  } catch (const std::exception& error) {
    std::printf("failed: %s\n", error.what());
  }
  std::fflush(stdout);
}

}  // namespace conclab
