#include "conclab/grading/repo_layout.hpp"

#include <cstdlib>
#include <system_error>

#include "conclab/grading/errors.hpp"

namespace conclab::grading {

namespace fs = std::filesystem;

namespace {

bool is_repo_root(const fs::path& dir) {
  std::error_code error;
  return fs::is_directory(dir / "labs", error) &&
         fs::is_regular_file(dir / "CMakePresets.json", error);
}

}  // namespace

std::optional<fs::path> find_repo_root_from(const fs::path& start) {
  std::error_code error;
  fs::path dir = fs::weakly_canonical(fs::absolute(start, error), error);
  while (true) {
    if (is_repo_root(dir)) {
      return dir;
    }
    if (!dir.has_relative_path()) {
      return std::nullopt;
    }
    dir = dir.parent_path();
  }
}

fs::path find_repo_root() {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read before any thread starts
  if (const char* from_env = std::getenv("CONCLAB_ROOT"); from_env != nullptr && *from_env != 0) {
    std::error_code error;
    fs::path root = fs::weakly_canonical(fs::absolute(from_env, error), error);
    if (!is_repo_root(root)) {
      throw UserError("CONCLAB_ROOT is " + std::string(from_env) +
                      ", which is not a conclab checkout (it needs labs/ and CMakePresets.json)");
    }
    return root;
  }
  if (auto root = find_repo_root_from(fs::current_path())) {
    return *root;
  }
  throw UserError(
      "this is not inside a conclab checkout (no folder above has labs/ and "
      "CMakePresets.json). Run conclab from the checkout, or through its ./conclab script");
}

RepoLayout::RepoLayout(fs::path root) : root_(std::move(root)) {}

fs::path RepoLayout::labs_dir() const {
  return root_ / "labs";
}

fs::path RepoLayout::solution_dir(std::string_view lab_dir_name) const {
  return root_ / "solutions" / lab_dir_name;
}

fs::path RepoLayout::build_dir(std::string_view preset) const {
  return root_ / "build" / preset;
}

bool RepoLayout::is_configured(std::string_view preset) const {
  std::error_code error;
  return fs::is_regular_file(build_dir(preset) / "CMakeCache.txt", error);
}

fs::path RepoLayout::progress_file() const {
  return build_dir(kDefaultPreset) / "conclab-progress.json";
}

fs::path RepoLayout::build_log(std::string_view preset) const {
  return build_dir(preset) / "conclab-build.log";
}

fs::path RepoLayout::results_dir(std::string_view lab_dir_name) const {
  return build_dir(kDefaultPreset) / "results" / lab_dir_name;
}

fs::path RepoLayout::backups_dir() const {
  return build_dir(kDefaultPreset) / "conclab-backups";
}

fs::path RepoLayout::test_executable(std::string_view preset, std::string_view lab_dir_name,
                                     std::string_view variant, std::string_view kind) const {
  return build_dir(preset) / "labs" / lab_dir_name / variant / (std::string(kind) + "_test");
}

fs::path RepoLayout::test_launcher() const {
  return root_ / "common" / "scripts" / "run-test";
}

std::string RepoLayout::display(const fs::path& path) const {
  const fs::path relative = path.lexically_relative(root_);
  if (relative.empty() || *relative.begin() == "..") {
    return path.string();
  }
  return relative.string();
}

}  // namespace conclab::grading
