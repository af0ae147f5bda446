#include "process_pool.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <string>
#include <system_error>
#include <utility>

namespace lab09 {

ProcessPool::ProcessPool(std::size_t workers, std::function<void()> initializer) {
  // TODO(task 2): start `workers` workers (std::invalid_argument for 0). For each: two pipes
  // (make_pipe), then a Child whose body keeps only its own two ends (close_other_fds) and
  // returns worker_main(...). The parent keeps the write end of the task pipe and the read end
  // of the result pipe, in a Worker, and closes the other two.
  (void)workers;
  (void)initializer;
  throw std::logic_error("TODO: ProcessPool::ProcessPool");
}

ProcessPool::~ProcessPool() {
  // TODO(task 5): unless the pool was joined, stop and reap every worker (kill_all).
}

int ProcessPool::worker_main(int tasks_fd, int results_fd,
                             const std::function<void()>& initializer) {
  // TODO(task 2): run the initializer (if any) once. Then, for each task frame until the end
  // of the pipe: decode the task, the chunk's first index and count, and run the task on each
  // input; send one result frame back: first index, count, then per input a flag (1 for a
  // result, 0 for an exception) and the result or the exception's what(). Return 0.
  (void)tasks_fd;
  (void)results_fd;
  (void)initializer;
  return 1;
}

std::vector<std::string> ProcessPool::map_raw(RawTask task, const std::vector<std::string>& inputs,
                                              std::size_t chunksize) {
  // TODO(task 3): check the state (broken_: throw it again; closed: std::logic_error;
  // chunksize 0: std::invalid_argument). Then loop until every chunk's results are back:
  //  - give the next chunk to each idle worker (one chunk per worker at a time);
  //  - poll() the result pipes of the busy workers, and store each result at its input index.
  // Task errors: remember the one of the lowest index, and throw it once every chunk is back.
  // TODO(task 4): a worker whose result pipe ends (or whose task pipe is closed) died: reap
  // it (its ExitStatus says how), set broken_, kill_all(), and throw the BrokenPool.
  (void)task;
  (void)inputs;
  (void)chunksize;
  throw std::logic_error("TODO: ProcessPool::map_raw");
}

void ProcessPool::close() {
  // TODO(task 5): no more maps; close every task pipe so that each worker sees its end.
  throw std::logic_error("TODO: ProcessPool::close");
}

void ProcessPool::join() {
  // TODO(task 5): std::logic_error unless closed (close() or terminate()); wait for every
  // worker not reaped yet.
  throw std::logic_error("TODO: ProcessPool::join");
}

void ProcessPool::terminate() {
  // TODO(task 5): closed, then kill_all().
  throw std::logic_error("TODO: ProcessPool::terminate");
}

void ProcessPool::kill_all() noexcept {
  // TODO(task 5): SIGKILL every worker first, then reap each one, then close every pipe.
}

std::vector<pid_t> ProcessPool::pids() const {
  // TODO(task 2): the pids of the workers not reaped yet.
  return {};
}

}  // namespace lab09
