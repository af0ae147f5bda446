/// @file power_calc.hpp
/// @brief Given: seed 002's power_calc, a task that waits (as I/O would) and then squares.
#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

namespace lab05 {

/// The inputs of seed 002's power_calc table, in its order. power_calc(x) waits x time units,
/// so the longest task (10) bounds how fast any number of workers can finish them all.
inline const std::vector<int> kPowerCalcValues = {
    1, 4, 3, 5, 6,   // the first five tasks: 19 units of waiting
    3, 7, 5, 8, 10,  // the last five: 33 units, the longest task (10) among them
};

/// The worker counts of seed 002's table.
inline const std::vector<std::size_t> kPowerCalcWorkers = {1, 2, 5, 7, 10};

/// Waits `x` times `unit` (the seed waits x / 2 seconds), then returns x squared. Waiting needs
/// no core, so any number of these overlap, even on one core.
int power_calc(int x, std::chrono::microseconds unit);

/// How many time units `workers` workers need for power_calc over `values`, if each idle worker
/// takes the next value in order and nothing else slows them: the schedule a thread pool
/// follows, and the best time it can reach.
int power_calc_units(const std::vector<int>& values, std::size_t workers);

}  // namespace lab05
