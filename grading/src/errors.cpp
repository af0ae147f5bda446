#include "conclab/grading/errors.hpp"

#include <map>
#include <system_error>

namespace conclab::grading {

namespace {

/// The Debian package of each program conclab runs, where its name differs.
std::string package_of(const std::string& program) {
  static const std::map<std::string, std::string> packages = {
      {"ctest", "cmake"}, {"ninja", "ninja-build"}, {"g++", "g++"}, {"setarch", "util-linux"}};
  const auto found = packages.find(program);
  return found == packages.end() ? program : found->second;
}

}  // namespace

MissingTool::MissingTool(const std::string& program)
    : UserError(program + " is not installed. " + install_advice(program) +
                " (or run ./conclab, which installs everything the labs need)"),
      program_(program) {}

std::string errno_text(int error) {
  return std::generic_category().message(error);
}

std::string install_advice(const std::string& program) {
  return "Install it with: sudo apt-get install " + package_of(program);
}

}  // namespace conclab::grading
