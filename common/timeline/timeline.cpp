// The recorder: spans go into a vector under a mutex held only to append.
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
  begin_ = Clock::now();  // last, so that naming the lane is not part of the task's time
}

Timeline::Span::~Span() {
  timeline_.record(std::move(name_), begin_, Clock::now(), std::move(lane_));
}

Timeline::Timeline(std::size_t capacity) : origin_(Clock::now()) {
  spans_.reserve(capacity);
}

Timeline::Span Timeline::span(std::string name, std::string lane) {
  return {*this, std::move(name), std::move(lane)};
}

void Timeline::record(std::string name, Clock::time_point begin, Clock::time_point end,
                      std::string lane) {
  // Everything but the append happens before the lock is taken.
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

void Timeline::add(std::vector<TimelineSpan> spans, Clock::time_point their_origin) {
  const double shift_us = microseconds_since_origin(their_origin);
  for (TimelineSpan& span : spans) {
    span.begin_us += shift_us;
    span.end_us += shift_us;
  }
  const std::scoped_lock lock(mutex_);
  spans_.insert(spans_.end(), std::make_move_iterator(spans.begin()),
                std::make_move_iterator(spans.end()));
}

void Timeline::merge(const Timeline& other) {
  add(other.spans(), other.origin());  // other's lock is released before ours is taken
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
