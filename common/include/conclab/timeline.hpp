/// @file timeline.hpp
/// @brief Records which task ran on which thread (or process), from when to when, and writes it
/// as a Chrome trace (for https://ui.perfetto.dev) or an SVG Gantt chart.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace conclab {

/// One task's run: its name, where it ran, and when, in microseconds since a timeline's origin.
struct TimelineSpan {
  std::string name;     ///< What ran ("fetch 7", "count slice 2").
  std::string lane;     ///< Where it ran: "thread 0", "worker 3", "process 4711"...
  int pid = 0;          ///< The process it ran in.
  long tid = 0;         ///< The kernel thread id it ran on.
  double begin_us = 0;  ///< Start, in microseconds since the timeline's origin.
  double end_us = 0;    ///< End, in microseconds since the timeline's origin.
};

/// A thread-safe recorder of task spans, drawn as a Chrome trace or an SVG Gantt chart.
///
/// Record with an RAII span, which takes the calling thread as its lane:
/// @code
///   conclab::Timeline timeline;
///   run_threads(4, [&](std::size_t i) {
///     const auto span = timeline.span("slice " + std::to_string(i));
///     work_on(i);
///   });  // each span ends, and is recorded, when its thread leaves the body
///   timeline.write_svg("slices.svg", "four threads, one slice each");
///   timeline.write_chrome_trace("slices.json");  // for https://ui.perfetto.dev
/// @endcode
/// Threads get lanes "thread 0", "thread 1", ... in the order they start their first span.
/// Recording locks the timeline for a moment when a span starts (to name a new thread's lane)
/// and when it ends: never while the task runs. Every span also records its process id, so the
/// spans of child processes, merged with merge_chrome_trace(), show as processes of their own.
class Timeline {
 public:
  /// The clock spans are measured on. On Linux it is the same in every process (CLOCK_MONOTONIC),
  /// which is what lets timelines of different processes be merged.
  using Clock = std::chrono::steady_clock;

  /// How many spans a timeline makes room for up front, so recording rarely reallocates.
  static constexpr std::size_t kDefaultCapacity = 1024;

  /// Records, when destroyed, the span from its creation to then. It must not outlive its
  /// timeline.
  class [[nodiscard]] Span {
   public:
    Span(const Span&) = delete;
    Span& operator=(const Span&) = delete;
    Span(Span&&) = delete;
    Span& operator=(Span&&) = delete;
    /// Records the span, ending now.
    ~Span();

   private:
    friend class Timeline;
    Span(Timeline& timeline, std::string name, std::string lane);

    Timeline& timeline_;
    std::string name_;
    std::string lane_;
    Clock::time_point begin_;
  };

  /// An empty timeline whose origin is now, with room for `capacity` spans before it grows.
  explicit Timeline(std::size_t capacity = kDefaultCapacity);

  /// Starts a span named `name` on the calling thread's lane (or on `lane`, if not empty); it
  /// ends when the returned object is destroyed.
  Span span(std::string name, std::string lane = {});

  /// Records a span that ran on the calling thread (or on `lane`, if not empty) from `begin`
  /// to `end`: for work timed by other means.
  void record(std::string name, Clock::time_point begin, Clock::time_point end,
              std::string lane = {});

  /// Adds spans measured from `their_origin` (another timeline's, another process's), moved
  /// onto this timeline's origin. Their lanes, process and thread ids are kept.
  void add(std::vector<TimelineSpan> spans, Clock::time_point their_origin);

  /// Adds every span of `other` (see add()).
  void merge(const Timeline& other);

  /// Adds the spans of a Chrome trace written by write_chrome_trace(), in this process or
  /// another (see add()); throws std::runtime_error naming the path when it cannot be read.
  void merge_chrome_trace(const std::filesystem::path& path);

  /// Every span recorded so far, in the order they were recorded.
  [[nodiscard]] std::vector<TimelineSpan> spans() const;

  /// When the timeline was created: the zero of its spans' times.
  [[nodiscard]] Clock::time_point origin() const { return origin_; }

  /// Microseconds from the timeline's origin to `when`.
  [[nodiscard]] double microseconds_since_origin(Clock::time_point when) const;

  /// The spans as Chrome Trace Event JSON (see chrome_trace.hpp).
  [[nodiscard]] std::string to_chrome_trace() const;

  /// Writes to_chrome_trace() to `path`, for https://ui.perfetto.dev or chrome://tracing;
  /// throws std::runtime_error naming the path when it cannot be written.
  void write_chrome_trace(const std::filesystem::path& path) const;

  /// The spans as an SVG Gantt chart headed `title` (see gantt_svg.hpp).
  [[nodiscard]] std::string to_svg(const std::string& title) const;

  /// Writes to_svg(title) to `path`, a picture any browser opens; throws std::runtime_error
  /// naming the path when it cannot be written.
  void write_svg(const std::filesystem::path& path, const std::string& title) const;

 private:
  std::string lane_of_calling_thread();  // requires mutex_

  const Clock::time_point origin_;
  mutable std::mutex mutex_;
  std::vector<TimelineSpan> spans_;
  // By kernel thread id, which Linux reuses far later than std::thread::id is reused.
  std::map<long, std::string> thread_lanes_;
};

}  // namespace conclab
