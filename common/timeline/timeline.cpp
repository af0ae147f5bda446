#include "conclab/timeline.hpp"

#include <unistd.h>

#include <utility>

namespace conclab {

Timeline::Span::Span(Timeline& timeline, std::string name, std::string lane)
    : timeline_(timeline), name_(std::move(name)), lane_(std::move(lane)) {
  if (lane_.empty()) {
    // Named now, not when the span ends, so that lanes are numbered in the order threads start.
    const std::scoped_lock lock(timeline_.mutex_);
    lane_ = timeline_.lane_of_calling_thread();
  }
  begin_ = Clock::now();
}

Timeline::Span::~Span() {
  timeline_.record(std::move(name_), begin_, Clock::now(), std::move(lane_));
}

Timeline::Timeline() : origin_(Clock::now()) {}

Timeline::Span Timeline::span(std::string name, std::string lane) {
  return {*this, std::move(name), std::move(lane)};
}

void Timeline::record(std::string name, Clock::time_point begin, Clock::time_point end,
                      std::string lane) {
  TimelineSpan span{.name = std::move(name),
                    .lane = std::move(lane),
                    .pid = ::getpid(),
                    .tid = ::gettid(),
                    .begin_us = microseconds_since_origin(begin),
                    .end_us = microseconds_since_origin(end)};
  const std::scoped_lock lock(mutex_);
  if (span.lane.empty()) {
    span.lane = lane_of_calling_thread();
  }
  spans_.push_back(std::move(span));
}

void Timeline::add(const std::vector<TimelineSpan>& spans) {
  const std::scoped_lock lock(mutex_);
  spans_.insert(spans_.end(), spans.begin(), spans.end());
}

std::vector<TimelineSpan> Timeline::spans() const {
  const std::scoped_lock lock(mutex_);
  return spans_;
}

double Timeline::microseconds_since_origin(Clock::time_point when) const {
  return std::chrono::duration<double, std::micro>(when - origin_).count();
}

std::string Timeline::lane_of_calling_thread() {
  const auto [lane, is_new] = thread_lanes_.try_emplace(::gettid());
  if (is_new) {
    lane->second = "thread " + std::to_string(thread_lanes_.size() - 1);
  }
  return lane->second;
}

}  // namespace conclab
