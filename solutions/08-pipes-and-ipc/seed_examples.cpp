#include "seed_examples.hpp"

#include <unistd.h>

#include <string>

#include "child_process.hpp"
#include "process_queue.hpp"

namespace lab08 {

Greeting greet_from_child(const std::string& name) {
  ConnectionPair pipe = make_pipe(/*duplex=*/false);
  Connection& receiving = pipe.first;
  Connection& sending = pipe.second;
  ChildProcess child([&] {
    sending.send("Hello from " + name + "\nppid = " + std::to_string(::getppid()) +
                 "\npid = " + std::to_string(::getpid()));
    return 0;
  });
  sending.close();  // the parent only reads
  std::optional<std::string> text = receiving.receive();
  const pid_t pid = child.pid();
  child.wait();
  if (!text) {
    throw ChannelError("the child ended without a greeting");
  }
  return {std::move(*text), pid};
}

std::vector<long long> square_and_cube(const std::vector<int>& numbers) {
  ProcessQueue queue;
  auto producer = [&](int power) {
    return [&, power] {
      for (const int number : numbers) {
        long long value = 1;
        for (int i = 0; i < power; ++i) {
          value *= number;
        }
        queue.put(std::to_string(value));
      }
      return 0;
    };
  };
  ChildProcess square(producer(2));
  ChildProcess cube(producer(3));
  // Drain first, then join. A producer blocks in write() once the pipe is full (64 KiB on Linux)
  // and ends only after its last put: a parent that joined first would wait for a child that
  // waits for the parent to read.
  std::vector<long long> results;
  results.reserve(2 * numbers.size());
  while (results.size() < 2 * numbers.size()) {
    results.push_back(std::stoll(queue.get().value()));
  }
  square.wait();
  cube.wait();
  return results;
}

std::vector<std::string> collect_from_child(const std::function<void(Connection&)>& child_work) {
  ConnectionPair pipe = make_pipe(/*duplex=*/false);
  Connection& receiving = pipe.first;
  Connection& sending = pipe.second;
  ChildProcess child([&] {
    receiving.close();
    child_work(sending);
    return 0;
  });
  // End of file comes only once every copy of the sending end is closed, this one included.
  sending.close();
  std::vector<std::string> messages;
  try {
    while (auto message = receiving.receive()) {
      messages.push_back(std::move(*message));
    }
  } catch (const ChannelError&) {
    // The child died half-way through a message: keep what arrived whole.
  }
  child.wait();
  return messages;
}

}  // namespace lab08
