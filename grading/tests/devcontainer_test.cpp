// .devcontainer/devcontainer.json: its setup is the bootstrap, and the container gets the
// privileges the watchdog, ThreadSanitizer and the sandbox need.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

/// The devcontainer.json of this checkout, parsed as JSONC (comments allowed).
nlohmann::json read_devcontainer() {
  std::ifstream in(std::filesystem::path(CONCLAB_SOURCE_DIR) / ".devcontainer" /
                   "devcontainer.json");
  REQUIRE(in);
  return nlohmann::json::parse(in, nullptr, true, true);
}

/// The container's run arguments, "--security-opt" "X" joined into "--security-opt X".
std::vector<std::string> run_args(const nlohmann::json& config) {
  std::vector<std::string> args;
  for (const auto& arg : config.at("runArgs")) {
    const std::string text = arg.get<std::string>();
    if (!args.empty() && args.back() == "--security-opt") {
      args.back() += " " + text;
    } else {
      args.push_back(text);
    }
  }
  return args;
}

bool has(const std::vector<std::string>& args, const std::string& arg) {
  return std::find(args.begin(), args.end(), arg) != args.end();
}

}  // namespace

TEST_CASE("the dev container is Debian bookworm, set up by the bootstrap") {
  const nlohmann::json config = read_devcontainer();
  CHECK(config.at("image").get<std::string>().ends_with(":bookworm"));
  CHECK(config.at("postCreateCommand") == "grading/bootstrap.sh default");
  CHECK(std::filesystem::exists(std::filesystem::path(CONCLAB_SOURCE_DIR) / "grading" /
                                "bootstrap.sh"));
}

TEST_CASE("the dev container may ptrace, re-exec without ASLR and make namespaces") {
  const std::vector<std::string> args = run_args(read_devcontainer());
  CHECK(has(args, "--cap-add=SYS_PTRACE"));
  CHECK(has(args, "--security-opt seccomp=unconfined"));
  CHECK(has(args, "--security-opt apparmor=unconfined"));
  CHECK(has(args, "--security-opt systempaths=unconfined"));
}

TEST_CASE("the dev container brings the C++ and CMake extensions") {
  const nlohmann::json extensions =
      read_devcontainer().at("customizations").at("vscode").at("extensions");
  CHECK(std::find(extensions.begin(), extensions.end(), "ms-vscode.cmake-tools") !=
        extensions.end());
  CHECK(std::find(extensions.begin(), extensions.end(), "ms-vscode.cpptools") != extensions.end());
}
