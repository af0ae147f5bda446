// Lab 01 demo: the seed notebook's thread examples, run on your own code.
//
// (a) and (b) write with no lock at all, so their characters mix; (c) goes through your
// LockedPrinter, (d) through your TurnTaker, (e) times your three counters, and (f) draws a
// timeline of the threads your run_threads starts. Build it
// against the stubs and it still runs: each section says what did not happen yet.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "conclab/chrome_trace.hpp"
#include "conclab/gantt_svg.hpp"
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
  const auto repeats = std::ranges::unique(counts);
  counts.erase(repeats.begin(), repeats.end());
  return counts;
}

using CountFunction = long (*)(std::span<const int>, std::size_t);

/// Runs one counter once, and prints its answer and how long it took.
void time_counter(std::string_view name, CountFunction count, std::span<const int> values,
                  std::size_t threads) {
  const long expected = static_cast<long>((values.size() + 2) / 3);
  const auto start = std::chrono::steady_clock::now();
  const long hits = count(values, threads);
  const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  std::printf("  %-16.*s %zu thread%s  %8.1f ms  %ld hits", static_cast<int>(name.size()),
              name.data(), threads, threads == 1 ? " " : "s", took.count(), hits);
  if (hits != expected) {
    std::printf("  WRONG: expected %ld%s", expected, hits == 0 ? " (still a stub?)" : "");
  }
  std::printf("\n");
  std::fflush(stdout);
}

// (e) Task 4's three ways of counting with many threads, timed.
void count_hits_three_ways() {
  print_heading("(e) Counting the multiples of 3 among 8,000,000 values",
                "Shared counters (mutex, atomic) gain nothing from threads; partial counts do.\n"
                "  Each line is a single run, so expect some noise.");
  std::printf("  This machine reports %u hardware threads.\n", std::thread::hardware_concurrency());
  const auto values = consecutive_values(kValues);
  for (const std::size_t threads : counter_thread_counts()) {
    time_counter("mutex", lab01::count_hits_with_mutex, values, threads);
    time_counter("atomic", lab01::count_hits_with_atomic, values, threads);
    time_counter("partial counts", lab01::count_hits_with_partials, values, threads);
  }
}

/// Where the timeline files go: $CONCLAB_TIMELINE_DIR, or the current directory.
std::filesystem::path timeline_dir() {
  const char* dir = std::getenv("CONCLAB_TIMELINE_DIR");  // NOLINT(concurrency-mt-unsafe)
  return dir != nullptr && *dir != '\0' ? std::filesystem::path(dir)
                                        : std::filesystem::current_path();
}

/// Counts the hits of one slice, as a partial-count thread would: the demo's own work, timed.
long count_slice(std::span<const int> values, std::size_t threads, std::size_t index) {
  const auto slice = lab01::slice_for(values, threads, index);
  return std::ranges::count_if(slice, lab01::is_hit);
}

// (f) When did each thread run? Bars side by side ran at the same time.
void draw_a_timeline_of_threads() {
  const std::size_t threads = counter_thread_counts().back();
  print_heading("(f) A timeline: your run_threads, each thread counting one slice, twice",
                "Bars side by side ran at the same time; bars one after another took turns.");
  conclab::Timeline timeline;
  const auto values = consecutive_values(kValues);
  std::atomic<long> hits = 0;
  for (int round = 0; round < 2; ++round) {
    lab01::run_threads(threads, [&](std::size_t index) {
      const auto span =
          timeline.span("round " + std::to_string(round + 1) + ", slice " + std::to_string(index));
      hits += count_slice(values, threads, index);
    });
  }
  if (timeline.spans().empty()) {
    std::printf("  %.*s\n", static_cast<int>(kStubNote.size()), kStubNote.data());
  }
  const auto dir = timeline_dir();
  conclab::write_chrome_trace(timeline, dir / "lab01-timeline.json");
  conclab::write_gantt_svg(timeline, dir / "lab01-timeline.svg",
                           "Lab 01: " + std::to_string(threads) + " threads counting slices");
  std::printf(
      "  %ld hits counted. Timeline written to:\n    %s (a picture: open it in a browser)\n"
      "    %s (open it in https://ui.perfetto.dev)\n",
      hits.load(), (dir / "lab01-timeline.svg").c_str(), (dir / "lab01-timeline.json").c_str());
}

}  // namespace

int main() {
  std::printf("Lab 01 demo: threads and locks. Every terminal here yields after each character.\n");
  five_threads_print_their_numbers();
  one_thread_per_word_without_a_lock();
  one_thread_per_word_with_the_printer();
  one_thread_per_word_in_order();
  count_hits_three_ways();
  draw_a_timeline_of_threads();
  return 0;
}
