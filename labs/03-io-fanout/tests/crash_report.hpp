/// @file crash_report.hpp
/// @brief Turns a crash of a test program into a failure line a student (and the checker) can
/// read.
///
/// Two threads that change one container at once (say, push_back on one std::vector) often do
/// not give a wrong answer: they corrupt the heap, and the C library aborts the program or it
/// faults. Including this header installs handlers for those signals that print a GoogleTest
/// failure line saying so, then end the program with status 1.
#pragma once

#include <unistd.h>

#include <csignal>
#include <cstring>

namespace lab03::testing {

/// Writes `text` with write(2) alone, which a signal handler may call.
inline void write_raw(const char* text) {
  std::size_t left = std::strlen(text);
  while (left > 0) {
    const ssize_t written = ::write(STDOUT_FILENO, text, left);
    if (written <= 0) {
      return;
    }
    text += written;
    left -= static_cast<std::size_t>(written);
  }
}

/// The signal handler: a failure line, then the end of the program.
inline void report_crash(int signal_number) {
  write_raw("\n[  FAILED  ] the test program crashed (");
  write_raw(signal_number == SIGABRT
                ? "SIGABRT: the C library found its memory corrupted"
                : (signal_number == SIGSEGV ? "SIGSEGV: an access to memory that was not there"
                                            : "a fatal signal"));
  write_raw(
      ") during the test above. Where many threads write at once, that nearly always means "
      "two of them changed the same object together, for instance push_back on one "
      "std::vector. Run ./conclab check 03 --tsan to see the two accesses.\n");
  ::_exit(1);
}

/// Installs report_crash() for SIGABRT, SIGSEGV and SIGBUS when constructed.
struct CrashReport {
  CrashReport() {
    for (const int signal_number : {SIGABRT, SIGSEGV, SIGBUS}) {
      std::signal(signal_number, report_crash);
    }
  }
};

/// Installed before main() runs, in every program that includes this header.
inline const CrashReport kCrashReport;

}  // namespace lab03::testing
