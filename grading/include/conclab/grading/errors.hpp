/// @file errors.hpp
/// @brief The errors that the grading tools report to the user rather than as a bug.
#pragma once

#include <stdexcept>
#include <string>

namespace conclab::grading {

/// A problem the user can fix: an unknown lab, a bad argument, a missing tool.
/// The command line tool prints its message and exits with code 2.
class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A program that conclab runs (cmake, git, ctest, ...) is not installed.
class MissingTool : public UserError {
 public:
  /// `program` is the name as it was run, e.g. "cmake".
  explicit MissingTool(const std::string& program);

  /// The program that could not be found.
  [[nodiscard]] const std::string& program() const noexcept { return program_; }

 private:
  std::string program_;
};

/// The system's text for an errno value, e.g. "No such file or directory".
[[nodiscard]] std::string errno_text(int error);

/// How to install `program` on this machine, e.g. "sudo apt-get install cmake".
[[nodiscard]] std::string install_advice(const std::string& program);

}  // namespace conclab::grading
