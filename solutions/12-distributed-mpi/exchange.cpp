// Exchanges that end for any message size: MPI_Sendrecv pairs each send with its receive, so no
// rank waits in a send for a receive that comes after it.
#include "exchange.hpp"

namespace lab12 {

std::vector<double> ring_shift(std::span<const double> mine, MPI_Comm comm) {
  int rank = 0;
  int ranks = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &ranks);
  const int next = (rank + 1) % ranks;
  const int previous = (rank - 1 + ranks) % ranks;
  std::vector<double> received(mine.size());
  // A blocking MPI_Send of a large buffer waits for the matching receive (the rendezvous
  // protocol); if every rank sends first, none receives. Sendrecv does both at once.
  MPI_Sendrecv(mine.data(), static_cast<int>(mine.size()), MPI_DOUBLE, next, 0, received.data(),
               static_cast<int>(received.size()), MPI_DOUBLE, previous, 0, comm, MPI_STATUS_IGNORE);
  return received;
}

double scaled_sum(double scale, double local, MPI_Comm comm) {
  // Collectives match by order on each communicator: every rank calls Bcast, then Allreduce.
  MPI_Bcast(&scale, 1, MPI_DOUBLE, 0, comm);
  const double mine = local * scale;
  double total = 0;
  MPI_Allreduce(&mine, &total, 1, MPI_DOUBLE, MPI_SUM, comm);
  return total;
}

}  // namespace lab12
