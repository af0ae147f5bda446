/// @file timeline.hpp
/// @brief Records which task ran on which thread (or process), from when to when.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace conclab {

/// One task's run: its name, where it ran, and when, in microseconds since the timeline began.
struct TimelineSpan {
  std::string name;     ///< What ran ("fetch 7", "count slice 2").
  std::string lane;     ///< Where it ran: "thread 0", "worker 3", "process 4711"...
  int pid = 0;          ///< The process it ran in.
  long tid = 0;         ///< The kernel thread id it ran on.
  double begin_us = 0;  ///< Start, in microseconds since the timeline's origin.
  double end_us = 0;    ///< End, in microseconds since the timeline's origin.
};

/// A thread-safe recorder of task spans, for Chrome traces and Gantt charts
/// (see chrome_trace.hpp and gantt_svg.hpp).
///
/// Record with an RAII span, which takes the calling thread as its lane:
/// @code
///   conclab::Timeline timeline;
///   run_threads(4, [&](std::size_t i) {
///     const auto span = timeline.span("slice " + std::to_string(i));
///     work_on(i);
///   });
/// @endcode
/// Threads get lanes "thread 0", "thread 1", ... in the order they start their first span.
/// Recording takes a lock for a moment, after the task has ended: never while it runs.
class Timeline {
 public:
  /// The clock spans are measured on.
  using Clock = std::chrono::steady_clock;

  /// Records, when destroyed, the span from its creation to then.
  class [[nodiscard]] Span {
   public:
    Span(const Span&) = delete;
    Span& operator=(const Span&) = delete;
    Span(Span&&) = delete;
    Span& operator=(Span&&) = delete;
    /// Records the span.
    ~Span();

   private:
    friend class Timeline;
    Span(Timeline& timeline, std::string name, std::string lane);

    Timeline& timeline_;
    std::string name_;
    std::string lane_;
    Clock::time_point begin_;
  };

  /// A timeline whose origin is now.
  Timeline();

  /// Starts a span named `name` on the calling thread's lane (or on `lane`, if given); it ends
  /// when the returned object is destroyed.
  Span span(std::string name, std::string lane = {});

  /// Records a span that ran on the calling thread (or on `lane`) from `begin` to `end`.
  void record(std::string name, Clock::time_point begin, Clock::time_point end,
              std::string lane = {});

  /// Adds spans recorded elsewhere (another timeline, another process), as they are.
  void add(const std::vector<TimelineSpan>& spans);

  /// Every span recorded so far, in the order they ended.
  [[nodiscard]] std::vector<TimelineSpan> spans() const;

  /// Microseconds from the timeline's origin to `when`.
  [[nodiscard]] double microseconds_since_origin(Clock::time_point when) const;

 private:
  std::string lane_of_calling_thread();  // requires mutex_

  Clock::time_point origin_;
  mutable std::mutex mutex_;
  std::vector<TimelineSpan> spans_;
  // By kernel thread id, which is reused far later than std::thread::id.
  std::map<long, std::string> thread_lanes_;
};

}  // namespace conclab
