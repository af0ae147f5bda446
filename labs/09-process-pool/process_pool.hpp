/// @file process_pool.hpp
/// @brief A fork-based worker pool (Python's multiprocessing.Pool): map with chunks, a
/// per-worker initializer, results in input order, a crashed worker turned into an error.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "channel.hpp"
#include "child.hpp"
#include "codec.hpp"

namespace lab09 {

/// What a worker runs for one input: encoded argument in, encoded result out. A plain function
/// pointer: after fork() (without exec) the worker has the parent's code at the same addresses,
/// so the pointer means the same function there. It is what crosses the pipe in place of
/// Python's pickled function.
using RawTask = std::string (*)(std::string_view input);

/// A worker died (crashed, was killed, or exited) while it held inputs: the pool is broken and
/// has shut down. Python's BrokenProcessPool. The pool keeps no result of the map that broke:
/// every input the dead worker held is reported lost, and the map returns nothing.
class BrokenPool : public std::runtime_error {
 public:
  /// `first_lost` and `lost_count`: the inputs (by index in the map's input) the dead worker
  /// held; `how`: how it ended. The message says all of it, e.g. "worker 812 killed by signal 11
  /// (Segmentation fault) while running input 7".
  BrokenPool(pid_t worker, std::size_t first_lost, std::size_t lost_count, ExitStatus how);

  /// Index of the first input the dead worker held.
  [[nodiscard]] std::size_t first_lost_index() const { return first_lost_; }
  /// How many inputs it held (from first_lost_index() on): the chunk it was running.
  [[nodiscard]] std::size_t lost_count() const { return lost_count_; }
  /// How the worker ended.
  [[nodiscard]] ExitStatus how() const { return how_; }

 private:
  std::size_t first_lost_;
  std::size_t lost_count_;
  ExitStatus how_;
};

/// The task threw for one input (in the worker, which lives on). Of several, the map reports
/// the one of the lowest input index, after every other input has been run.
class TaskError : public std::runtime_error {
 public:
  /// "input 5: " then `message` (the what() of the exception the task threw).
  TaskError(std::size_t index, const std::string& message);
  /// Index of the input the task threw for.
  [[nodiscard]] std::size_t index() const { return index_; }

 private:
  std::size_t index_;
};

namespace detail {

/// The argument and result types of a task function `R f(A)`.
template <typename F>
struct TaskSignature;
template <typename R, typename A>
struct TaskSignature<R (*)(A)> {
  using Result = R;
  using Argument = std::remove_cvref_t<A>;
};
template <typename R, typename A>
struct TaskSignature<R (*)(A) noexcept> : TaskSignature<R (*)(A)> {};

/// The RawTask for the typed function `Fn`: decodes its argument, calls it, encodes the result.
template <auto Fn>
std::string run_encoded(std::string_view input) {
  using Signature = TaskSignature<decltype(Fn)>;
  return encode<typename Signature::Result>(Fn(decode<typename Signature::Argument>(input)));
}

}  // namespace detail

/// The argument type of the task function `Fn`.
template <auto Fn>
using ArgumentOf = typename detail::TaskSignature<decltype(Fn)>::Argument;
/// The result type of the task function `Fn`.
template <auto Fn>
using ResultOf = typename detail::TaskSignature<decltype(Fn)>::Result;

/// A pool of worker processes, started with fork() in the constructor. Each worker runs the
/// initializer once, then takes chunks of inputs from its own task pipe and sends their results
/// back on its own result pipe, until its task pipe ends.
///
/// Methods are called by one thread at a time (the pool's owner); the parallelism is in the
/// workers. The thread that makes the pool must outlive it: its workers die with that thread
/// (see Child). Lifecycle: map() while running; close() then join() for a clean end; terminate() to
/// stop at once. The destructor terminates a pool that was not joined: it never hangs and never
/// leaves a zombie.
class ProcessPool {
 public:
  /// Starts `workers` (at least 1) worker processes; each runs `initializer` (if any) once,
  /// before its first task. Throws std::invalid_argument for 0 workers.
  explicit ProcessPool(std::size_t workers, std::function<void()> initializer = {});
  ProcessPool(const ProcessPool&) = delete;
  ProcessPool& operator=(const ProcessPool&) = delete;
  ProcessPool(ProcessPool&&) = delete;
  ProcessPool& operator=(ProcessPool&&) = delete;
  /// terminate() unless the pool was joined.
  ~ProcessPool();

  /// Fn(input) for every input, run by the workers `chunksize` inputs at a time, returned in
  /// the order of `inputs`. `Fn` is a plain function `R f(A)` with A and R Encodable.
  /// Throws as map_raw() does, and CodecError when a result does not decode.
  template <auto Fn>
  std::vector<ResultOf<Fn>> map(const std::vector<ArgumentOf<Fn>>& inputs,
                                std::size_t chunksize = 1) {
    std::vector<std::string> encoded;
    encoded.reserve(inputs.size());
    for (const auto& input : inputs) {
      encoded.push_back(encode(input));
    }
    const std::vector<std::string> raw = map_raw(&detail::run_encoded<Fn>, encoded, chunksize);
    std::vector<ResultOf<Fn>> results;
    results.reserve(raw.size());
    for (const std::string& bytes : raw) {
      results.push_back(decode<ResultOf<Fn>>(bytes));
    }
    return results;
  }

  /// task(input) for every input, in chunks of `chunksize` consecutive inputs (the last one
  /// shorter), each chunk sent to an idle worker as soon as there is one; the results in the
  /// order of `inputs`. An empty input returns at once.
  ///
  /// Throws std::invalid_argument for chunksize 0; std::logic_error after close() or join();
  /// BrokenPool when a worker dies holding inputs (the pool then kills and reaps every worker,
  /// and every later map() throws the same BrokenPool); TaskError when the task threw.
  std::vector<std::string> map_raw(RawTask task, const std::vector<std::string>& inputs,
                                   std::size_t chunksize = 1);

  /// No more map(): each worker's task pipe is closed, so it finishes and exits. Safe to call
  /// again.
  void close();
  /// Waits for every worker to exit and reaps it. Only after close() or terminate() (throws
  /// std::logic_error otherwise, like Python's join on a running pool). Safe to call again.
  void join();
  /// Stops every worker now (SIGKILL), busy or not, and reaps it. Safe to call again.
  void terminate();

  /// The workers' pids, in worker order (the ones not reaped yet).
  [[nodiscard]] std::vector<pid_t> pids() const;
  /// How many workers the pool started.
  [[nodiscard]] std::size_t size() const { return workers_.size(); }

 private:
  /// One worker process and the parent's ends of its two pipes.
  struct Worker {
    Child process;
    Fd tasks;    ///< The parent writes chunks here.
    Fd results;  ///< The parent reads results here.
  };

  /// The whole life of a worker process (in the child, after fork()): the initializer, then
  /// chunks from `tasks_fd` until it ends, each chunk's results to `results_fd`. Returns the
  /// worker's exit status.
  static int worker_main(int tasks_fd, int results_fd, const std::function<void()>& initializer);

  /// Kills and reaps every worker, closes every pipe: what terminate() and a broken map do.
  void kill_all() noexcept;

  std::vector<Worker> workers_;
  bool closed_ = false;
  bool joined_ = false;
  std::optional<BrokenPool> broken_;
};

}  // namespace lab09
