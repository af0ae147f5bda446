#include "conclab/grading/progress.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

namespace {

using conclab::grading::LabProgress;
using conclab::grading::LabState;
using conclab::grading::Progress;
using conclab::grading::testing::TempDir;

}  // namespace

TEST_CASE("progress survives a save and a load") {
  const TempDir dir;
  const auto file = dir.path() / "build" / "default" / "conclab-progress.json";
  Progress progress;
  progress["01-threads-and-locks"] = LabProgress{LabState::passing, 12, 12, "2024-11-21T16:30:00Z"};
  progress["02-queues"] = LabProgress{LabState::failing, 3, 10, "2024-11-21T16:31:00Z"};
  conclab::grading::save_progress(file, progress);
  const Progress loaded = conclab::grading::load_progress(file);
  REQUIRE(loaded.size() == 2);
  const LabProgress& first = loaded.at("01-threads-and-locks");
  CHECK(first.state == LabState::passing);
  CHECK(first.passed == 12);
  CHECK(first.total == 12);
  CHECK(first.checked_at == "2024-11-21T16:30:00Z");
  CHECK(loaded.at("02-queues").state == LabState::failing);
  // Only the file itself is left: the temporary file was renamed over it.
  CHECK(std::distance(std::filesystem::directory_iterator(file.parent_path()),
                      std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("record_progress updates one lab and keeps the others") {
  const TempDir dir;
  const auto file = dir.path() / "progress.json";
  conclab::grading::record_progress(file, "01-a", LabProgress{LabState::failing, 1, 2, "t1"});
  conclab::grading::record_progress(file, "02-b", LabProgress{LabState::failing, 0, 2, "t2"});
  conclab::grading::record_progress(file, "01-a", LabProgress{LabState::passing, 2, 2, "t3"});
  const Progress loaded = conclab::grading::load_progress(file);
  CHECK(loaded.at("01-a").state == LabState::passing);
  CHECK(loaded.at("01-a").checked_at == "t3");
  CHECK(loaded.at("02-b").passed == 0);
}

TEST_CASE("a missing or damaged progress file reads as no progress") {
  const TempDir dir;
  CHECK(conclab::grading::load_progress(dir.path() / "missing.json").empty());
  dir.write("damaged.json", "{\"01-a\": {\"state\": ");
  CHECK(conclab::grading::load_progress(dir.path() / "damaged.json").empty());
  dir.write("odd.json", R"({"01-a": {"state": "passing", "passed": "many"}, "02-b": 3})");
  CHECK(conclab::grading::load_progress(dir.path() / "odd.json").empty());
}

TEST_CASE("the time stamp is ISO 8601 in UTC") {
  const std::string now = conclab::grading::iso8601_now();
  CHECK(now.size() == 20);
  CHECK(now[4] == '-');
  CHECK(now[10] == 'T');
  CHECK(now.back() == 'Z');
}
