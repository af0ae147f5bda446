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
namespace {

/// Inputs [first, first + count) of a map: what one worker holds at a time.
struct Chunk {
  std::size_t first = 0;
  std::size_t count = 0;
};

/// A task frame: the task, the chunk's place in the input, then its inputs.
std::string encode_chunk(RawTask task, const std::vector<std::string>& inputs, Chunk chunk) {
  Writer writer;
  // A function pointer as an integer: the worker, a fork of this process, turns it back.
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
  writer.put_int(static_cast<std::int64_t>(reinterpret_cast<std::intptr_t>(task)));
  writer.put_int(static_cast<std::int64_t>(chunk.first));
  writer.put_int(static_cast<std::int64_t>(chunk.count));
  for (std::size_t i = chunk.first; i < chunk.first + chunk.count; ++i) {
    writer.put_string(inputs[i]);
  }
  return writer.take();
}

}  // namespace

ProcessPool::ProcessPool(std::size_t workers, std::function<void()> initializer) {
  if (workers == 0) {
    throw std::invalid_argument("ProcessPool: a pool needs at least one worker");
  }
  workers_.reserve(workers);
  for (std::size_t w = 0; w < workers; ++w) {
    Pipe tasks = make_pipe();
    Pipe results = make_pipe();
    Child process([&] {
      // The worker keeps its own two ends and nothing else. A copy of another worker's (or
      // another pool's) pipe end would hide that worker's death from the parent (no end of
      // file while the copy is open) and keep it waiting for tasks after close().
      close_other_fds(tasks.read.get(), results.write.get());
      return worker_main(tasks.read.get(), results.write.get(), initializer);
    });
    // The parent keeps the other two ends; tasks.read and results.write close here, so that
    // the worker holds the only copies.
    workers_.push_back(Worker{std::move(process), std::move(tasks.write), std::move(results.read)});
  }
}

ProcessPool::~ProcessPool() {
  if (!joined_) {
    kill_all();
  }
}

int ProcessPool::worker_main(int tasks_fd, int results_fd,
                             const std::function<void()>& initializer) {
  if (initializer) {
    initializer();  // once per worker, before its first task (seed 004's session)
  }
  while (const std::optional<std::string> frame = receive_frame(tasks_fd)) {
    Reader reader(*frame);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast,performance-no-int-to-ptr)
    const auto task = reinterpret_cast<RawTask>(static_cast<std::intptr_t>(reader.get_int()));
    const std::int64_t first = reader.get_int();
    const std::int64_t count = reader.get_int();
    Writer writer;
    writer.put_int(first);
    writer.put_int(count);
    for (std::int64_t i = 0; i < count; ++i) {
      const std::string input = reader.get_string();
      // A task that throws fails its own input only: the worker lives on.
      try {
        std::string result = task(input);
        writer.put_int(1);
        writer.put_string(result);
      } catch (const std::exception& error) {
        writer.put_int(0);
        writer.put_string(error.what());
      } catch (...) {
        writer.put_int(0);
        writer.put_string("an exception that is not a std::exception");
      }
    }
    send_frame(results_fd, writer.bytes());
  }
  return 0;  // the parent closed the task pipe: close() or the pool's end
}

std::vector<std::string> ProcessPool::map_raw(RawTask task, const std::vector<std::string>& inputs,
                                              std::size_t chunksize) {
  if (broken_) {
    throw BrokenPool(*broken_);
  }
  if (closed_ || joined_) {
    throw std::logic_error("map: the pool is closed");
  }
  if (chunksize == 0) {
    throw std::invalid_argument("map: chunksize must be at least 1");
  }
  std::vector<std::string> results(inputs.size());
  std::optional<TaskError> first_error;
  std::vector<std::optional<Chunk>> held(workers_.size());  // what each worker is running
  std::size_t next = 0;                                     // the first input not sent yet
  std::size_t pending = 0;  // chunks sent whose results have not come back

  // Worker `w` died holding held[w]: the pool is broken. Reaping it first tells how it died.
  const auto broke = [&](std::size_t w) {
    const pid_t pid = workers_[w].process.pid();
    const ExitStatus how = workers_[w].process.wait();
    broken_.emplace(pid, held[w]->first, held[w]->count, how);
    kill_all();
    throw BrokenPool(*broken_);
  };

  while (next < inputs.size() || pending > 0) {
    // Only an idle worker gets a chunk: it is reading, so the write cannot block for ever, and
    // a busy worker that writes big results never waits on a parent that is writing to it.
    for (std::size_t w = 0; w < workers_.size() && next < inputs.size(); ++w) {
      if (held[w]) {
        continue;
      }
      held[w] = Chunk{next, std::min(chunksize, inputs.size() - next)};
      next += held[w]->count;
      ++pending;
      try {
        send_frame(workers_[w].tasks.get(), encode_chunk(task, inputs, *held[w]));
      } catch (const PeerClosed&) {
        broke(w);  // it died before it could read its chunk
      }
    }

    // Wait for any busy worker's results (or its end of file: then it died).
    std::vector<pollfd> ready;
    std::vector<std::size_t> owner;
    for (std::size_t w = 0; w < workers_.size(); ++w) {
      if (held[w]) {
        ready.push_back(pollfd{workers_[w].results.get(), POLLIN, 0});
        owner.push_back(w);
      }
    }
    while (::poll(ready.data(), ready.size(), -1) < 0) {
      if (errno != EINTR) {
        throw std::system_error(errno, std::generic_category(), "poll");
      }
    }
    for (std::size_t i = 0; i < ready.size(); ++i) {
      if (ready[i].revents == 0) {
        continue;
      }
      const std::size_t w = owner[i];
      std::optional<std::string> frame;
      try {
        frame = receive_frame(workers_[w].results.get());
      } catch (const ChannelError&) {
        // died in the middle of its results: as lost as if it had sent none
      }
      if (!frame) {
        broke(w);
      }
      Reader reader(*frame);
      const auto first = static_cast<std::size_t>(reader.get_int());
      const auto count = static_cast<std::size_t>(reader.get_int());
      for (std::size_t k = first; k < first + count; ++k) {
        const bool ok = reader.get_int() != 0;
        std::string value = reader.get_string();
        if (ok) {
          results[k] = std::move(value);  // by input index: the order the caller gave
        } else if (!first_error || k < first_error->index()) {
          first_error.emplace(k, value);
        }
      }
      held[w].reset();
      --pending;
    }
  }
  // Every chunk came back, so the workers are idle and the pool stays usable.
  if (first_error) {
    throw TaskError(*first_error);
  }
  return results;
}

void ProcessPool::close() {
  closed_ = true;
  for (Worker& worker : workers_) {
    worker.tasks.close();  // end of file for the worker, once it has read every chunk
  }
}

void ProcessPool::join() {
  if (!closed_) {
    throw std::logic_error("join: call close() or terminate() first");
  }
  for (Worker& worker : workers_) {
    if (worker.process.pid() > 0) {
      worker.process.wait();
    }
    worker.results.close();
  }
  joined_ = true;
}

void ProcessPool::terminate() {
  closed_ = true;
  kill_all();
}

void ProcessPool::kill_all() noexcept {
  closed_ = true;
  for (Worker& worker : workers_) {
    worker.process.kill(SIGKILL);
  }
  for (Worker& worker : workers_) {
    if (worker.process.pid() > 0) {
      try {
        worker.process.wait();
      } catch (...) {  // NOLINT(bugprone-empty-catch): nothing more can be done for it
      }
    }
    worker.tasks.close();
    worker.results.close();
  }
}

std::vector<pid_t> ProcessPool::pids() const {
  std::vector<pid_t> pids;
  for (const Worker& worker : workers_) {
    if (worker.process.pid() > 0) {
      pids.push_back(worker.process.pid());
    }
  }
  return pids;
}

}  // namespace lab09
