/// @file consumers.hpp
/// @brief Task 4: seed 003's consumer threads, stopped by poison pills.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "queue.hpp"

namespace lab06 {

/// What the consumers take from the queue: a job, or the poison pill (no job) that tells the
/// consumer who takes it to stop.
using Message = std::optional<int>;

/// The poison pill: the message that stops one consumer.
inline constexpr std::nullopt_t kPoisonPill = std::nullopt;

/// Handles one job and returns its result. Called on the consumer threads, several at once.
using JobHandler = std::function<int(int)>;

/// Seed 003's producer and consumers: starts `consumers` consumer threads (at least one), which
/// take messages from one Queue<Message> and call `handle` on each job, until they take a
/// poison pill. Puts every job on the queue, then stops the consumers and waits until every one
/// of them has ended. Returns `handle(job)` of every job, in any order.
///
/// It must return whatever the number of consumers: every consumer must get a pill of its own.
std::vector<int> produce_and_consume(std::span<const int> jobs, std::size_t consumers,
                                     const JobHandler& handle);

}  // namespace lab06
