#include "report_builder.hpp"

#include "site_description.hpp"

#include <fmt/format.h>

#include <vector>

namespace conclab::lock_order_detail {
namespace {

/// `"account B" (bank.cpp:31) taken while holding "account A" (bank.cpp:30) on thread 2`
std::string describe_edge(const LockOrderEdge& edge) {
  return fmt::format(R"("{}" ({}) taken while holding "{}" ({}) on thread {})", edge.taken.mutex,
                     edge.taken.site, edge.held.mutex, edge.held.site, edge.thread);
}

}  // namespace

LockOrderReport possible_deadlock_report(const LockOrderCycle& cycle) {
  std::vector<const AcquisitionSite*> sites;
  for (const GraphEdge& edge : cycle) {
    sites.push_back(&edge.held.site);
    sites.push_back(&edge.taken.site);
  }
  const std::vector<std::string> described = describe_sites(sites);

  LockOrderReport report{.kind = LockOrderReport::Kind::kPossibleDeadlock, .edges = {}, .text = {}};
  for (std::size_t i = 0; i < cycle.size(); ++i) {
    report.edges.push_back({.held = {cycle[i].held.mutex, described[2 * i]},
                            .taken = {cycle[i].taken.mutex, described[2 * i + 1]},
                            .thread = cycle[i].thread});
  }
  // The new edge, then the earlier ones that lead back to where it started.
  report.text = fmt::format("{} possible deadlock: {}", kLockOrderReportPrefix,
                            describe_edge(report.edges.front()));
  for (std::size_t i = 1; i < report.edges.size(); ++i) {
    const LockOrderEdge& earlier = report.edges[i];
    report.text +=
        fmt::format(R"(; earlier "{}" ({}) was taken while holding "{}" ({}) on thread {})",
                    earlier.taken.mutex, earlier.taken.site, earlier.held.mutex, earlier.held.site,
                    earlier.thread);
  }
  return report;
}

LockOrderReport self_deadlock_report(const HeldLock& held, const AcquisitionSite& again,
                                     int thread) {
  const std::vector<const AcquisitionSite*> sites = {&held.site, &again};
  const std::vector<std::string> described = describe_sites(sites);
  LockOrderReport report{.kind = LockOrderReport::Kind::kSelfDeadlock, .edges = {}, .text = {}};
  report.edges.push_back(
      {.held = {*held.name, described[0]}, .taken = {*held.name, described[1]}, .thread = thread});
  report.text = fmt::format("{} self-deadlock: {}, which would wait for itself forever",
                            kLockOrderReportPrefix, describe_edge(report.edges.front()));
  return report;
}

}  // namespace conclab::lock_order_detail
