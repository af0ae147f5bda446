#include "conclab/demo_timeline.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace conclab {

std::filesystem::path demo_timeline_dir() {
  const char* dir = std::getenv("CONCLAB_TIMELINE_DIR");  // NOLINT(concurrency-mt-unsafe)
  return dir != nullptr && *dir != '\0' ? std::filesystem::path(dir)
                                        : std::filesystem::current_path();
}

bool write_demo_timeline(const Timeline& timeline, std::string_view name, std::string_view title) {
  const auto dir = demo_timeline_dir();
  const auto json = dir / (std::string(name) + ".json");
  const auto svg = dir / (std::string(name) + ".svg");
  try {
    timeline.write_chrome_trace(json);
    timeline.write_svg(svg, std::string(title));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "demo: %s (set CONCLAB_TIMELINE_DIR to a folder you can write to)\n",
                 error.what());
    return false;
  }
  std::printf("  Written: %s (a picture: open it in a browser)\n           %s\n", svg.c_str(),
              json.c_str());
  std::printf("  To zoom in and measure, open the .json in https://ui.perfetto.dev\n");
  return true;
}

}  // namespace conclab
