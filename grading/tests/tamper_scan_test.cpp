#include "conclab/grading/tamper_scan.hpp"

#include <doctest/doctest.h>

namespace {

using conclab::grading::describe;
using conclab::grading::scan_for_tampering;

TEST_CASE(
    "a file that writes GoogleTest's report from the student's code is flagged, line by line") {
  const std::map<std::string, std::string> files = {
      {"counters.cpp",
       "#include <fstream>\n"
       "long count() {\n"
       "  std::ifstream args(\"/proc/self/cmdline\");\n"
       "  std::atexit([] { write_fake(); });\n"
       "  out << R\"({\"testsuites\": []})\";\n"
       "  return 0;\n"
       "}\n"}};
  const auto found = scan_for_tampering(files);
  REQUIRE(found.size() == 3);
  CHECK(found[0].line == 3);
  CHECK(found[0].why == "reads the harness's command line");
  CHECK(found[1].line == 4);
  CHECK(found[1].why == "runs code after the tests have ended");
  CHECK(found[2].line == 5);
  CHECK(found[2].why == "writes GoogleTest's report format");
  CHECK(describe(found[0]) ==
        "counters.cpp:3: reads the harness's command line: "
        "`std::ifstream args(\"/proc/self/cmdline\");`");
}

TEST_CASE("ordinary concurrent code and comments are not flagged") {
  const std::map<std::string, std::string> files = {
      {"pool.cpp",
       "// unlike gtest's fixtures, this pool owns its threads\n"
       "std::vector<std::jthread> workers;\n"
       "std::scoped_lock lock(mutex_);  // see testing:: notes in the handout\n"
       "if (::fork() == 0) { ::_exit(run_child()); }\n"}};
  CHECK(scan_for_tampering(files).empty());
}

}  // namespace
