// The interposer's state: the settings, each thread's generator, and the perturbation itself.
#pragma once

#include <cstdint>

namespace conclab::chaos::preload {

/// One perturbation point: when chaos is on, maybe yield or sleep, as this thread's generator
/// decides. Keeps errno, allocates nothing, takes no lock, and is no cancellation point.
void perturb();

/// The creation number of the next thread: 1, 2, ... (the main thread is 0).
std::uint64_t next_thread_ordinal();

/// Starts the calling thread's generator: called first thing in a thread created through our
/// pthread_create, with the creation number it was given.
void begin_thread(std::uint64_t ordinal);

}  // namespace conclab::chaos::preload
