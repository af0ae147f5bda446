/// @file exchange.hpp
/// @brief Point-to-point and collective steps that must not deadlock, whatever the message size.
#pragma once

#include <mpi.h>

#include <span>
#include <vector>

namespace lab12 {

/// TODO(task 7): the ring shift. Every rank r of `comm` sends `mine` to rank (r + 1) % P and
/// returns what rank (r - 1 + P) % P sent it (P ranks, every rank's buffer of the same size).
/// It must end for a buffer of any size, on any number of ranks (one rank sends to itself).
std::vector<double> ring_shift(std::span<const double> mine, MPI_Comm comm);

/// TODO(task 8): rank 0's `scale` is broadcast to every rank; then the sum over all ranks of
/// local * scale is returned on every rank. The `scale` other ranks pass is ignored.
double scaled_sum(double scale, double local, MPI_Comm comm);

}  // namespace lab12
