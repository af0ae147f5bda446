// Monte Carlo pi over MPI ranks: the blocks are dealt round-robin, each drawn from its own
// stream, and MPI_Reduce adds the ranks' hits on rank 0.
#include "pi_mpi.hpp"

#include <algorithm>

namespace lab12 {

std::uint64_t count_hits(std::uint64_t samples, std::uint64_t seed, MPI_Comm comm) {
  int rank = 0;
  int ranks = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &ranks);
  const std::uint64_t blocks = (samples + kPiBlockSize - 1) / kPiBlockSize;
  std::uint64_t mine = 0;
  // Block b is rank b % ranks's, and its points come from stream b whoever draws it: the hits
  // are the same on any number of ranks.
  for (auto b = static_cast<std::uint64_t>(rank); b < blocks;
       b += static_cast<std::uint64_t>(ranks)) {
    const std::uint64_t first = b * kPiBlockSize;
    mine += hits_in_block(seed, b, std::min(kPiBlockSize, samples - first));
  }
  std::uint64_t total = 0;
  MPI_Reduce(&mine, &total, 1, MPI_UINT64_T, MPI_SUM, 0, comm);  // every rank calls it
  return total;
}

}  // namespace lab12
