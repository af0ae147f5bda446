#include "conclab/grading/cmake_driver.hpp"

namespace conclab::grading {

RunResult configure_preset(const RepoLayout& layout, std::string_view preset, bool stream_output) {
  RunOptions options;
  options.argv = {"cmake", "--preset", std::string(preset)};
  options.working_dir = layout.root();
  options.stream_output = stream_output;
  return run_tool(options);
}

RunResult build_targets(const RepoLayout& layout, std::string_view preset,
                        const std::vector<std::string>& targets, bool stream_output) {
  RunOptions options;
  options.argv = {"cmake", "--build", layout.build_dir(preset).string()};
  if (!targets.empty()) {
    options.argv.emplace_back("--target");
    options.argv.insert(options.argv.end(), targets.begin(), targets.end());
  }
  options.argv.insert(options.argv.end(), {"-j", std::to_string(kBuildJobs)});
  options.working_dir = layout.root();
  options.stream_output = stream_output;
  return run_tool(options);
}

std::string tests_target(std::string_view lab_id, std::string_view variant) {
  return "lab" + std::string(lab_id) + "_" + std::string(variant) + "_tests";
}

std::string kind_target(std::string_view lab_id, std::string_view variant, std::string_view kind) {
  return "lab" + std::string(lab_id) + "_" + std::string(variant) + "_" + std::string(kind);
}

}  // namespace conclab::grading
