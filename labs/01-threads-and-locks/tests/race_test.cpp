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

/// Explains the difference between the words printed and the words expected.
std::string describe_mismatch(std::vector<std::string> printed, std::vector<std::string> expected) {
  std::ranges::sort(printed);
  std::ranges::sort(expected);
  std::vector<std::string> unexpected;
  std::ranges::set_difference(printed, expected, std::back_inserter(unexpected));
  std::string text = std::to_string(printed.size()) + " words printed, " +
                     std::to_string(expected.size()) + " expected";
  if (!unexpected.empty()) {
    text += "; broken or extra words such as '" + unexpected.front() + "'";
  }
  return text;
}

TEST(LockedPrinter, WordsStayWholeWhenEightThreadsPrintAtOnce) {
  constexpr int kWordsPerThread = 200;
  RecordingTerminal terminal;
  LockedPrinter printer(terminal);
  std::vector<std::string> expected;
  for (std::size_t thread = 0; thread < kThreads; ++thread) {
    for (int i = 0; i < kWordsPerThread; ++i) {
      expected.push_back("t" + std::to_string(thread) + "w" + std::to_string(i));
    }
  }
  run_threads(kThreads, [&](std::size_t thread) {
    for (int i = 0; i < kWordsPerThread; ++i) {
      printer.print("t" + std::to_string(thread) + "w" + std::to_string(i));
    }
  });
  auto printed = split_words(terminal.text());
  auto sorted_printed = printed;
  auto sorted_expected = expected;
  std::ranges::sort(sorted_printed);
  std::ranges::sort(sorted_expected);
  EXPECT_TRUE(sorted_printed == sorted_expected) << describe_mismatch(printed, expected);
}

TEST(PrintSentence, EveryWordComesOutWholeAndExactlyOnce) {
  const std::vector<std::string> words = {"every", "thread", "prints", "one", "word", "and",
                                          "the",   "lock",   "keeps",  "it",  "whole"};
  auto expected = words;
  std::ranges::sort(expected);
  for (int attempt = 0; attempt < 20; ++attempt) {
    RecordingTerminal terminal;
    LockedPrinter printer(terminal);
    print_sentence(words, printer);
    auto printed = split_words(terminal.text());
    std::ranges::sort(printed);
    ASSERT_TRUE(printed == expected)
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
