// Tasks 7-8: exchanges that end whatever the message size. See README.md.
#include "exchange.hpp"

namespace lab12 {

std::vector<double> ring_shift(std::span<const double> mine, MPI_Comm comm) {
  // TODO(task 7): send `mine` to the next rank and receive from the previous one, in a way
  // that cannot deadlock (MPI_Sendrecv, or MPI_Isend + MPI_Irecv + MPI_Waitall).
  (void)comm;
  return std::vector<double>(mine.size(), 0.0);
}

double scaled_sum(double scale, double local, MPI_Comm comm) {
  // TODO(task 8): MPI_Bcast rank 0's scale, then MPI_Allreduce the sum of local * scale.
  (void)scale;
  (void)local;
  (void)comm;
  return 0.0;
}

}  // namespace lab12
