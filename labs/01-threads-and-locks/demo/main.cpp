// Lab 01 demo: the seed notebook's thread examples, run on your own code.
//
// (a) and (b) write with no lock at all, so their characters mix; (c) goes through your
// LockedPrinter, (d) through your TurnTaker, (e) times your three counters and has your
// run_threads count slices, and (f) writes all of (e) as a timeline. Build it against the stubs
// and it still runs: each section says what did not happen yet.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "conclab/demo_timeline.hpp"
#include "conclab/timeline.hpp"
#include "counters.hpp"
#include "locked_printer.hpp"
#include "sentence.hpp"
#include "terminal.hpp"
#include "threads.hpp"

namespace {

/// How many times each printing section runs: interleavings differ from run to run.
constexpr int kRounds = 3;

/// How many values the counters scan in section (e).
constexpr std::size_t kValues = 8'000'000;

/// The most threads section (e) uses, so that a many-core machine still finishes quickly.
constexpr std::size_t kMostCounterThreads = 8;

constexpr std::string_view kStubNote = "(run_threads is still a stub: nothing ran)";

/// Standard output as a lab01::Terminal, with two additions for the demo: it counts the
/// characters written, so a section can tell that nothing ran, and it yields after every
/// character. The yield invites the scheduler to switch threads in the middle of a word, so
/// output without a lock mixes visibly even on a machine fast enough to hide it.
class YieldingStdout final : public lab01::Terminal {
 public:
  void put(char character) override {
    stdout_.put(character);
    written_.fetch_add(1, std::memory_order_relaxed);
    std::this_thread::yield();
  }

  /// The characters written so far.
  [[nodiscard]] std::size_t written() const { return written_.load(std::memory_order_relaxed); }

 private:
  lab01::StdoutTerminal stdout_;
  std::atomic<std::size_t> written_ = 0;
};

/// Holds threads back until all of them have arrived, then lets them go together, so that
/// they race each other instead of running one after another as they are started.
///
/// Unlike std::latch it gives up waiting after a short while: if run_threads is wrong and
/// runs the threads one at a time, the others never arrive, and the demo must not hang.
class StartingLine {
 public:
  explicit StartingLine(std::size_t runners) : runners_(runners) {}

  /// Marks the caller as arrived and waits, briefly, for the others.
  void arrive_and_wait() {
    arrived_.fetch_add(1);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(30);
    while (arrived_.load() < runners_) {
      if (std::chrono::steady_clock::now() > give_up) {
        someone_gave_up_ = true;
        return;
      }
      std::this_thread::yield();
    }
  }

  /// Whether some thread stopped waiting before all had arrived: they never all ran at once.
  [[nodiscard]] bool someone_gave_up() const { return someone_gave_up_.load(); }

 private:
  std::size_t runners_;
  std::atomic<std::size_t> arrived_ = 0;
  std::atomic<bool> someone_gave_up_ = false;
};

/// An eleven-word sentence, like the seed's, printed one word per thread.
std::vector<std::string> sentence_words() {
  return {"every", "thread", "prints", "one", "word", "and", "the", "lock", "keeps", "it", "whole"};
}

void print_heading(std::string_view title, std::string_view what_to_look_for) {
  std::printf("\n%.*s\n  %.*s\n", static_cast<int>(title.size()), title.data(),
              static_cast<int>(what_to_look_for.size()), what_to_look_for.data());
}

void start_round(int round) {
  std::printf("  round %d: ", round + 1);
  std::fflush(stdout);  // the label must be out before the threads' characters
}

/// Ends a round's line, or says why the round printed nothing.
void end_round(std::size_t characters_written) {
  if (characters_written == 0) {
    std::printf("%.*s", static_cast<int>(kStubNote.size()), kStubNote.data());
  }
  std::printf("\n");
  std::fflush(stdout);
}

/// Ends a round whose threads met at `line`, and says so if they never ran at once.
void end_round(std::size_t characters_written, const StartingLine& line) {
  end_round(characters_written);
  if (line.someone_gave_up()) {
    std::printf(
        "           (the threads never all ran at once: does run_threads wait for\n"
        "            each thread before it starts the next?)\n");
    std::fflush(stdout);
  }
}

/// Prints `words`, one thread per word, each writing straight to the terminal with no lock,
/// kRounds times. The threads meet at a starting line first, so that they really race.
void print_words_without_a_lock(const std::vector<std::string>& words) {
  for (int round = 0; round < kRounds; ++round) {
    YieldingStdout terminal;
    StartingLine line(words.size());
    start_round(round);
    lab01::run_threads(words.size(), [&](std::size_t index) {
      line.arrive_and_wait();
      lab01::write_word(terminal, words[index]);
    });
    end_round(terminal.written(), line);
  }
}

// (a) The seed's first example: five threads, each printing the number it was given.
void five_threads_print_their_numbers() {
  print_heading("(a) Five threads print their numbers, with no lock",
                "Digits and spaces from different threads mix: glued numbers, doubled spaces.");
  print_words_without_a_lock({"0", "1", "2", "3", "4"});
}

// (b) One thread per word, each writing its word straight to the terminal.
void one_thread_per_word_without_a_lock() {
  print_heading("(b) One thread per word, with no lock",
                "Letters of different words interleave: the sentence is mangled.");
  print_words_without_a_lock(sentence_words());
}

/// Runs `print` kRounds times, each on a fresh terminal, on a labelled line of its own.
template <typename Print>
void print_rounds(const Print& print) {
  for (int round = 0; round < kRounds; ++round) {
    YieldingStdout terminal;
    start_round(round);
    print(terminal);
    end_round(terminal.written());
  }
}

// (c) The seed's fix: every word goes through one print lock.
void one_thread_per_word_with_the_printer() {
  print_heading("(c) One thread per word, through your LockedPrinter (print_sentence)",
                "Every word comes out whole; their order is whatever the threads made it.");
  print_rounds([words = sentence_words()](YieldingStdout& terminal) {
    lab01::LockedPrinter printer(terminal);
    lab01::print_sentence(words, printer);
  });
}

// (d) What the lock alone cannot promise: the sentence's order.
void one_thread_per_word_in_order() {
  print_heading("(d) One thread per word, taking turns with your TurnTaker",
                "Whole words, and in the sentence's order every time.");
  print_rounds([words = sentence_words()](YieldingStdout& terminal) {
    lab01::print_sentence_in_order(words, terminal);
  });
}

/// 0, 1, ..., count - 1: every third value is a hit.
std::vector<int> consecutive_values(std::size_t count) {
  std::vector<int> values(count);
  for (std::size_t i = 0; i < count; ++i) {
    values[i] = static_cast<int>(i);
  }
  return values;
}

/// 1, 2 and the machine's hardware threads (at most kMostCounterThreads), without repeats.
std::vector<std::size_t> counter_thread_counts() {
  const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
  std::vector<std::size_t> counts = {1, 2, std::min(cores, kMostCounterThreads)};
  std::ranges::sort(counts);
  // std::unique, not std::ranges::unique, which clang 14 cannot compile with libstdc++ 12.
  counts.erase(std::unique(counts.begin(), counts.end()), counts.end());
  return counts;
}

using CountFunction = long (*)(std::span<const int>, std::size_t);

/// The timeline row of the demo's own thread, which calls the counters and waits for them.
constexpr std::string_view kMainLane = "main thread";

std::string threads_text(std::size_t threads) {
  return std::to_string(threads) + (threads == 1 ? " thread" : " threads");
}

/// Prints one line of the table of (e): what ran, how long it took and what it counted.
void print_count(std::string_view name, std::size_t threads,
                 std::chrono::duration<double, std::milli> took, long hits, long expected) {
  std::printf("  %-16.*s %-10s %8.1f ms  %ld hits", static_cast<int>(name.size()), name.data(),
              threads_text(threads).c_str(), took.count(), hits);
  if (hits != expected) {
    std::printf("  WRONG: expected %ld%s", expected, hits == 0 ? " (still a stub?)" : "");
  }
  std::printf("\n");
  std::fflush(stdout);
}

/// The hits among `values`, which are consecutive from 0: every third value.
long expected_hits(std::span<const int> values) {
  return static_cast<long>((values.size() + 2) / 3);
}

/// Runs one counter once, prints its answer and how long it took, and records the run on the
/// main thread's row of `timeline`.
void time_counter(std::string_view name, CountFunction count, std::span<const int> values,
                  std::size_t threads, conclab::Timeline& timeline) {
  const auto start = conclab::Timeline::Clock::now();
  const long hits = count(values, threads);
  const auto end = conclab::Timeline::Clock::now();
  timeline.record(std::string(name) + ", " + threads_text(threads), start, end,
                  std::string(kMainLane));
  print_count(name, threads, end - start, hits, expected_hits(values));
}

/// Counts the hits of one slice, as a partial-count thread would (and with as plain a loop, so
/// that the two take about as long even in a debug build).
long count_slice(std::span<const int> values, std::size_t threads, std::size_t index) {
  long hits = 0;
  for (const int value : lab01::slice_for(values, threads, index)) {
    if (lab01::is_hit(value)) {
      ++hits;
    }
  }
  return hits;
}

/// The partial counts again, but with the demo's own thread body, so that each thread can record
/// its slice on its own row of `timeline`: your count_hits_with_partials is out of the demo's
/// sight, your run_threads is not.
void count_slices_on_timeline(std::span<const int> values, std::size_t threads,
                              conclab::Timeline& timeline) {
  std::atomic<long> hits = 0;
  const auto start = conclab::Timeline::Clock::now();
  {
    const auto span = timeline.span("slices, " + threads_text(threads), std::string(kMainLane));
    lab01::run_threads(threads, [&](std::size_t index) {
      const auto slice_span =
          timeline.span("slice " + std::to_string(index) + " of " + std::to_string(threads));
      hits.fetch_add(count_slice(values, threads, index), std::memory_order_relaxed);
    });
  }
  print_count("slices, timed", threads, conclab::Timeline::Clock::now() - start, hits.load(),
              expected_hits(values));
}

// (e) Task 4's three ways of counting with many threads, timed, and recorded on `timeline`.
void count_hits_three_ways(conclab::Timeline& timeline) {
  print_heading("(e) Counting the multiples of 3 among 8,000,000 values",
                "Shared counters (mutex, atomic) gain nothing from threads; partial counts do.\n"
                "  \"slices, timed\" counts as the partial counts do, with each thread on the\n"
                "  timeline of (f). Each line is a single run, so expect some noise.");
  std::printf("  This machine reports %u hardware threads.\n", std::thread::hardware_concurrency());
  const auto values = consecutive_values(kValues);
  for (const std::size_t threads : counter_thread_counts()) {
    time_counter("mutex", lab01::count_hits_with_mutex, values, threads, timeline);
    time_counter("atomic", lab01::count_hits_with_atomic, values, threads, timeline);
    time_counter("partial counts", lab01::count_hits_with_partials, values, threads, timeline);
    count_slices_on_timeline(values, threads, timeline);
  }
}

/// Whether some thread of run_threads recorded a slice (none did, if run_threads is a stub).
bool any_slice_recorded(const conclab::Timeline& timeline) {
  return std::ranges::any_of(
      timeline.spans(), [](const conclab::TimelineSpan& span) { return span.lane != kMainLane; });
}

// (f) When did each counter and each thread run? Returns false if the files cannot be written.
bool write_the_timeline(const conclab::Timeline& timeline) {
  print_heading("(f) The timeline of (e)",
                "The main thread's row has a bar per counter run; each thread your run_threads\n"
                "  started for \"slices, timed\" has a row of its own. Bars side by side ran at\n"
                "  the same time; bars one after another took turns.");
  if (!any_slice_recorded(timeline)) {
    std::printf("  %.*s\n", static_cast<int>(kStubNote.size()), kStubNote.data());
  }
  return conclab::write_demo_timeline(
      timeline, "lab01-timeline",
      "Lab 01: the counters of (e), and the slices your run_threads ran");
}

}  // namespace

int main() {
  std::printf("Lab 01 demo: threads and locks. Every terminal here yields after each character.\n");
  five_threads_print_their_numbers();
  one_thread_per_word_without_a_lock();
  one_thread_per_word_with_the_printer();
  one_thread_per_word_in_order();
  conclab::Timeline timeline;
  count_hits_three_ways(timeline);
  return write_the_timeline(timeline) ? EXIT_SUCCESS : EXIT_FAILURE;
}
