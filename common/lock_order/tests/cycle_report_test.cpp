// The lock-order graph: which orders of locking are reported as possible deadlocks, and how.
#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
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

constexpr std::string_view kCycleReportTestFile = "cycle_report_test.cpp";

/// Holds `first`, then takes `second`: records the edge first -> second.
void take_in_order(CheckedMutex& first, CheckedMutex& second) {
  const CheckedLock hold_first(first);
  const CheckedLock hold_second(second);
}

/// Runs `work` on a thread of its own, and waits for it to finish.
template <typename Work>
void run_on_own_thread(Work work) {
  std::jthread thread(work);
}

/// True when each edge's `taken` mutex is the next edge's `held` one, all the way round.
bool edges_form_a_cycle(const LockOrderReport& report) {
  const auto& edges = report.edges;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (edges[i].taken.mutex != edges[(i + 1) % edges.size()].held.mutex) {
      return false;
    }
  }
  return !edges.empty();
}

}  // namespace

TEST_CASE("mutexes always taken in one order are never reported") {
  const CapturedReports captured;
  CheckedMutex a{"A"};
  CheckedMutex b{"B"};
  CheckedMutex c{"C"};
  for (int round = 0; round < 3; ++round) {
    take_in_order(a, b);
    take_in_order(b, c);
    take_in_order(a, c);
    run_on_own_thread([&] { take_in_order(a, c); });
  }
  CHECK(captured.reports().empty());
}

TEST_CASE("A then B, and later B then A on the same thread, is one report naming every site") {
  const CapturedReports captured;
  CheckedMutex account_a{"account A"};
  CheckedMutex account_b{"account B"};
  int a_then = 0;
  int b_after_a = 0;
  int b_then = 0;
  int a_after_b = 0;
  {
    a_then = __LINE__ + 1;
    const CheckedLock hold_a(account_a);
    b_after_a = __LINE__ + 1;
    const CheckedLock hold_b(account_b);
  }
  CHECK(captured.reports().empty());  // one order alone is fine
  {
    b_then = __LINE__ + 1;
    const CheckedLock hold_b(account_b);
    a_after_b = __LINE__ + 1;
    const CheckedLock hold_a(account_a);
  }

  const auto reports = captured.reports();
  REQUIRE(reports.size() == 1);
  const LockOrderReport& report = reports.front();
  CHECK(report.kind == LockOrderReport::Kind::kPossibleDeadlock);
  REQUIRE(report.edges.size() == 2);
  // The new edge first: A taken while holding B.
  CHECK(report.edges[0].held.mutex == "account B");
  CHECK(report.edges[0].held.site == site(kCycleReportTestFile, b_then));
  CHECK(report.edges[0].taken.mutex == "account A");
  CHECK(report.edges[0].taken.site == site(kCycleReportTestFile, a_after_b));
  // Then the earlier one it inverts: B taken while holding A.
  CHECK(report.edges[1].held.mutex == "account A");
  CHECK(report.edges[1].held.site == site(kCycleReportTestFile, a_then));
  CHECK(report.edges[1].taken.mutex == "account B");
  CHECK(report.edges[1].taken.site == site(kCycleReportTestFile, b_after_a));
  CHECK(report.edges[0].thread == report.edges[1].thread);

  const std::string expected =
      "conclab lock-order: possible deadlock: \"account A\" (" +
      site(kCycleReportTestFile, a_after_b) + ") taken while holding \"account B\" (" +
      site(kCycleReportTestFile, b_then) + ") on thread " + std::to_string(report.edges[0].thread) +
      "; earlier \"account B\" (" + site(kCycleReportTestFile, b_after_a) +
      ") was taken while holding \"account A\" (" + site(kCycleReportTestFile, a_then) +
      ") on thread " + std::to_string(report.edges[1].thread);
  CHECK(report.text == expected);
}

TEST_CASE("an inversion by two threads, one after the other, is reported with both threads") {
  const CapturedReports captured;
  CheckedMutex a{"A"};
  CheckedMutex b{"B"};
  run_on_own_thread([&] { take_in_order(a, b); });
  run_on_own_thread([&] { take_in_order(b, a); });

  const auto reports = captured.reports();
  REQUIRE(reports.size() == 1);
  REQUIRE(reports[0].edges.size() == 2);
  CHECK(reports[0].edges[0].thread != reports[0].edges[1].thread);
  CHECK(contains(reports[0].text, "on thread " + std::to_string(reports[0].edges[0].thread)));
  CHECK(contains(reports[0].text, "on thread " + std::to_string(reports[0].edges[1].thread)));
}

TEST_CASE("a cycle through three mutexes is reported when its last edge appears") {
  const CapturedReports captured;
  CheckedMutex a{"A"};
  CheckedMutex b{"B"};
  CheckedMutex c{"C"};
  take_in_order(a, b);
  take_in_order(b, c);
  CHECK(captured.reports().empty());
  take_in_order(c, a);

  const auto reports = captured.reports();
  REQUIRE(reports.size() == 1);
  REQUIRE(reports[0].edges.size() == 3);
  CHECK(edges_form_a_cycle(reports[0]));
  CHECK(reports[0].edges[0].held.mutex == "C");
  CHECK(reports[0].edges[0].taken.mutex == "A");
  CHECK(reports[0].edges[1].taken.mutex == "B");
  CHECK(reports[0].edges[2].taken.mutex == "C");
}

TEST_CASE("a cycle is reported once, however often it is taken again") {
  const CapturedReports captured;
  CheckedMutex a{"A"};
  CheckedMutex b{"B"};
  for (int round = 0; round < 5; ++round) {
    take_in_order(a, b);
    take_in_order(b, a);
  }
  CHECK(captured.reports().size() == 1);
}

TEST_CASE("each distinct cycle is reported") {
  const CapturedReports captured;
  CheckedMutex a{"A"};
  CheckedMutex b{"B"};
  CheckedMutex c{"C"};
  take_in_order(a, b);
  take_in_order(b, a);  // the cycle A, B
  take_in_order(a, c);
  take_in_order(c, a);  // the cycle A, C
  take_in_order(c, b);  // the cycle C, B, A (B -> A -> C known)
  const auto reports = captured.reports();
  REQUIRE(reports.size() == 3);
  for (const LockOrderReport& report : reports) {
    CHECK(edges_form_a_cycle(report));
  }
  CHECK(reports[2].edges.size() == 3);
}

TEST_CASE("std::scoped_lock of two mutexes, in either order, is never reported") {
  const CapturedReports captured;
  CheckedMutex a{"A"};
  CheckedMutex b{"B"};
  for (int round = 0; round < 3; ++round) {
    { const std::scoped_lock both(a, b); }
    { const std::scoped_lock both(b, a); }
  }
  // Both orders at the same time, so that std::lock must back off and take the other first.
  auto lock_both_often = [&](CheckedMutex& first, CheckedMutex& second) {
    for (int round = 0; round < 2000; ++round) {
      const std::scoped_lock both(first, second);
    }
  };
  {
    const conclab::Watchdog watchdog(std::chrono::seconds(60),
                                     "two threads locking A and B with std::scoped_lock");
    std::jthread forwards(lock_both_often, std::ref(a), std::ref(b));
    std::jthread backwards(lock_both_often, std::ref(b), std::ref(a));
  }
  CHECK(captured.reports().empty());
}

TEST_CASE("try_lock records no edge to the mutex it takes, but orders later locks after it") {
  const CapturedReports captured;
  CheckedMutex a{"A"};
  CheckedMutex b{"B"};
  {
    const CheckedLock hold_a(a);
    REQUIRE(b.try_lock());  // no edge A -> B: a try cannot wait
    b.unlock();
  }
  take_in_order(b, a);
  CHECK(captured.reports().empty());

  {
    REQUIRE(b.try_lock());
    const CheckedLock hold_a(a);  // the edge B -> A, already known
    b.unlock();
  }
  CheckedMutex c{"C"};
  {
    REQUIRE(c.try_lock());
    const CheckedLock hold_a(a);  // a new edge C -> A
    c.unlock();
  }
  take_in_order(a, c);
  CHECK(captured.reports().size() == 1);
}

TEST_CASE("mutexes can be released in any order") {
  const CapturedReports captured;
  CheckedMutex a{"A"};
  CheckedMutex b{"B"};
  CheckedMutex c{"C"};
  a.lock();
  b.lock();    // A -> B
  a.unlock();  // before B: A is no longer held ...
  c.lock();    // ... so this records B -> C, and not A -> C
  c.unlock();
  b.unlock();
  // Closes A -> B -> C -> A. Were A still counted as held at c.lock(), the cycle would be the
  // shorter A -> C -> A; were B still counted as held now, B -> A would close a second one.
  take_in_order(c, a);
  const auto reports = captured.reports();
  REQUIRE(reports.size() == 1);
  REQUIRE(reports[0].edges.size() == 3);
  CHECK(reports[0].edges[0].held.mutex == "C");
  CHECK(reports[0].edges[0].taken.mutex == "A");
  CHECK(reports[0].edges[1].taken.mutex == "B");
  CHECK(reports[0].edges[2].taken.mutex == "C");
}

TEST_CASE("a destroyed mutex leaves no edges behind, even for a mutex at the same address") {
  const CapturedReports captured;
  const std::size_t edges_before = conclab::lock_order_edge_count();
  CheckedMutex a{"A"};
  std::optional<CheckedMutex> b;
  b.emplace("B");
  take_in_order(a, *b);
  CHECK(conclab::lock_order_edge_count() == edges_before + 1);
  b.reset();
  CHECK(conclab::lock_order_edge_count() == edges_before);
  b.emplace("B, again");  // most likely where the first one was
  take_in_order(*b, a);
  CHECK(captured.reports().empty());
}

TEST_CASE("an unnamed mutex is named by the line that created it") {
  const CapturedReports captured;
  const int created = __LINE__ + 1;
  CheckedMutex unnamed;
  CheckedMutex named{"named"};
  take_in_order(unnamed, named);
  take_in_order(named, unnamed);
  const auto reports = captured.reports();
  REQUIRE(reports.size() == 1);
  CHECK(contains(reports[0].text,
                 "\"mutex created at " + site(kCycleReportTestFile, created) + "\""));
}
