// The same five scenarios on your code: once fixed, each one finishes.
#pragma once

namespace lab06::demo {

/// Two threads transfer between two accounts in opposite directions with your transfer().
void your_transfers();

/// Your wait_on_each_other(), on a pool of two workers and on a pool of one.
void your_wait_on_each_other();

/// Your wait_on_future(), on a pool of one worker.
void your_wait_on_future();

/// Your produce_and_consume(), with three consumers.
void your_poison_pills();

/// A job that stops its own Worker, with your Worker::stop(); throws what stop() threw.
void your_worker_stopped_by_its_job();

}  // namespace lab06::demo
