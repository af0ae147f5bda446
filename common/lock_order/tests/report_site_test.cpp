// Which lines reports name: the caller's line for CheckedLock and direct calls, and the user's
// line, found from the stack, for locks taken inside the standard library.
#include <doctest/doctest.h>

#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <latch>
#include <mutex>
#include <string>
#include <thread>

#include "captured_reports.hpp"
#include "conclab/checked_mutex.hpp"
#include "conclab/lock_order.hpp"
#include "conclab/watchdog.hpp"

namespace {

using conclab::CheckedLock;
using conclab::CheckedMutex;
using conclab::LockOrderReport;
using conclab::lock_order_tests::CapturedReports;
using conclab::lock_order_tests::contains;
using conclab::lock_order_tests::site;

constexpr std::string_view kReportSiteTestFile = "report_site_test.cpp";

}  // namespace

TEST_CASE("a lock through std::scoped_lock is reported at the user's line, not the header's") {
  const CapturedReports captured;
  CheckedMutex a{"A"};
  CheckedMutex b{"B"};
  int a_then = 0;
  int b_after_a = 0;
  int b_then = 0;
  int a_after_b = 0;
  {
    a_then = __LINE__ + 1;
    const std::scoped_lock hold_a(a);
    b_after_a = __LINE__ + 1;
    const std::lock_guard hold_b(b);
  }
  {
    b_then = __LINE__ + 1;
    std::unique_lock hold_b(b);
    a_after_b = __LINE__ + 1;
    const std::scoped_lock hold_a(a);
  }
  const auto reports = captured.reports();
  REQUIRE(reports.size() == 1);
  const LockOrderReport& report = reports[0];
  INFO(report.text);
  REQUIRE(report.edges.size() == 2);
  CHECK(report.edges[0].held.site == site(kReportSiteTestFile, b_then));
  CHECK(report.edges[0].taken.site == site(kReportSiteTestFile, a_after_b));
  CHECK(report.edges[1].held.site == site(kReportSiteTestFile, a_then));
  CHECK(report.edges[1].taken.site == site(kReportSiteTestFile, b_after_a));
  CHECK_FALSE(contains(report.text, "standard library"));
}

TEST_CASE("a condition-variable wait takes its mutex again at the wait's line") {
  const conclab::Watchdog watchdog(std::chrono::seconds(60), "a wait while holding a mutex");
  const CapturedReports captured;
  CheckedMutex queue{"queue"};
  CheckedMutex log{"log"};
  std::condition_variable_any changed;
  std::latch both_held(1);
  bool ready = false;
  int queue_at = 0;
  int log_at = 0;
  int wait_at = 0;
  {
    // The slip: waiting on `queue` while holding `log`, taken after it. The wait releases
    // `queue` and takes it again while holding `log`: the inverse of the order before.
    std::jthread waiter([&] {
      queue_at = __LINE__ + 1;
      std::unique_lock lock(queue);
      log_at = __LINE__ + 1;
      const CheckedLock hold_log(log);
      both_held.count_down();
      wait_at = __LINE__ + 1;
      changed.wait(lock, [&] { return ready; });
    });
    both_held.wait();
    {
      const std::scoped_lock lock(queue);  // only once the waiter waits, and so let it go
      ready = true;
    }
    changed.notify_all();
  }
  const auto reports = captured.reports();
  REQUIRE(reports.size() == 1);
  const LockOrderReport& report = reports[0];
  INFO(report.text);
  REQUIRE(report.edges.size() == 2);
  CHECK(report.edges[0].held.site == site(kReportSiteTestFile, log_at));
  CHECK(report.edges[0].taken.mutex == "queue");
  CHECK(report.edges[0].taken.site == site(kReportSiteTestFile, wait_at));
  CHECK(report.edges[1].held.site == site(kReportSiteTestFile, queue_at));
  CHECK(report.edges[1].taken.site == site(kReportSiteTestFile, log_at));
}

TEST_CASE("the default handler writes each report as one line of stderr") {
  LockOrderReport report;
  report.text = "conclab lock-order: possible deadlock: (a report for the test)";
  std::FILE* const capture = std::tmpfile();
  REQUIRE(capture != nullptr);
  std::fflush(stderr);
  const int saved_stderr = ::dup(STDERR_FILENO);
  ::dup2(::fileno(capture), STDERR_FILENO);
  conclab::print_lock_order_report(report);
  std::fflush(stderr);
  ::dup2(saved_stderr, STDERR_FILENO);
  ::close(saved_stderr);

  std::rewind(capture);
  std::string written;
  for (int c = 0; (c = std::fgetc(capture)) != EOF;) {
    written.push_back(static_cast<char>(c));
  }
  std::fclose(capture);
  CHECK(written == report.text + "\n");
}
