// Race: many threads at once on shared state. Run under ThreadSanitizer too (--tsan).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "conclab/testing/text.hpp"
#include "counters.hpp"
#include "locked_printer.hpp"
#include "recording_terminal.hpp"
#include "sentence.hpp"
#include "threads.hpp"

namespace lab01 {
namespace {

using conclab::testing::split_words;
using testing::RecordingTerminal;

#ifdef CONCLAB_UNDER_SANITIZER
constexpr long kPerThread = 100'000;  // a sanitizer finds the race without the volume
#else
constexpr long kPerThread = 1'000'000;
#endif
constexpr std::size_t kThreads = 8;

/// Passes when `printed` holds exactly the words of `expected`, each as often, in any order;
/// otherwise says how they differ.
::testing::AssertionResult same_words_in_any_order(std::vector<std::string> printed,
                                                   std::vector<std::string> expected) {
  std::sort(printed.begin(), printed.end());
  std::sort(expected.begin(), expected.end());
  if (printed == expected) {
    return ::testing::AssertionSuccess();
  }
  std::vector<std::string> unexpected;
  std::set_difference(printed.begin(), printed.end(), expected.begin(), expected.end(),
                      std::back_inserter(unexpected));
  auto failure = ::testing::AssertionFailure()
                 << printed.size() << " words printed, " << expected.size() << " expected";
  if (!unexpected.empty()) {
    failure << "; broken or extra words such as '" << unexpected.front() << "'";
  }
  return failure;
}

/// The i-th word that thread `thread` prints: unique across all threads.
std::string word_of(std::size_t thread, int i) {
  return "t" + std::to_string(thread) + "w" + std::to_string(i);
}

TEST(LockedPrinter, WordsStayWholeWhenEightThreadsPrintAtOnce) {
  constexpr int kWordsPerThread = 200;
  RecordingTerminal terminal;
  LockedPrinter printer(terminal);
  std::vector<std::string> expected;
  for (std::size_t thread = 0; thread < kThreads; ++thread) {
    for (int i = 0; i < kWordsPerThread; ++i) {
      expected.push_back(word_of(thread, i));
    }
  }
  run_threads(kThreads, [&](std::size_t thread) {
    for (int i = 0; i < kWordsPerThread; ++i) {
      printer.print(word_of(thread, i));
    }
  });
  EXPECT_TRUE(same_words_in_any_order(split_words(terminal.text()), expected));
}

TEST(PrintSentence, EveryWordComesOutWholeAndExactlyOnce) {
  const std::vector<std::string> words = {"every", "thread", "prints", "one", "word", "and",
                                          "the",   "lock",   "keeps",  "it",  "whole"};
  for (int attempt = 0; attempt < 20; ++attempt) {
    RecordingTerminal terminal;
    LockedPrinter printer(terminal);
    print_sentence(words, printer);
    ASSERT_TRUE(same_words_in_any_order(split_words(terminal.text()), words))
        << "attempt " << attempt << " printed: '" << terminal.text() << "'";
  }
}

/// kThreads x kPerThread values, every one of them a hit.
const std::vector<int>& all_hits() {
  static const std::vector<int> values(kThreads * kPerThread, 3);
  return values;
}

TEST(Counters, MutexCountIsExactWithEightThreads) {
  EXPECT_EQ(count_hits_with_mutex(all_hits(), kThreads), kThreads * kPerThread)
      << "increments were lost: is every ++ of the shared counter under the lock?";
}

TEST(Counters, AtomicCountIsExactWithEightThreads) {
  EXPECT_EQ(count_hits_with_atomic(all_hits(), kThreads), kThreads * kPerThread)
      << "increments were lost: is the counter a std::atomic, updated with fetch_add or ++?";
}

TEST(Counters, PartialCountIsExactWithEightThreads) {
  EXPECT_EQ(count_hits_with_partials(all_hits(), kThreads), kThreads * kPerThread)
      << "partial counts were lost: is the final sum of the partials protected?";
}

}  // namespace
}  // namespace lab01
