// Lab 04 demo: seed 003's queue examples, run on your own code.
//
// (a) Consumer threads fed by your BlockingQueue and stopped by 'quit' pills; (b) the URL queue
// with five threads, on your WorkerPool; (c) the file copy with a queue and two threads, through
// your copier; (d) what one pill for four workers does, in a child process that the watchdog
// ends; (e) a timeline of (a) and (c). Built against the stubs it still runs, and each section
// says what did not happen yet.
#include <httplib.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "blocking_queue.hpp"
#include "conclab/api_server.hpp"
#include "conclab/demo_timeline.hpp"
#include "conclab/timeline.hpp"
#include "conclab/watchdog.hpp"
#include "file_copier.hpp"
#include "url_queue.hpp"
#include "worker_pool.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

/// The argument that makes the demo run section (d)'s hanging pool, in a child process.
constexpr std::string_view kOnePillChild = "--one-pill-for-four-workers";

/// The seed's poison pill: a string no URL can be.
const std::string kQuit = "quit";

void print_heading(std::string_view title, std::string_view what_to_look_for) {
  std::printf("\n%.*s\n  %.*s\n", static_cast<int>(title.size()), title.data(),
              static_cast<int>(what_to_look_for.size()), what_to_look_for.data());
  std::fflush(stdout);
}

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// ---------------------------------------------------------------------------------------------
// (a) Consumers and a producer, with 'quit'

/// Seed 003's Consumer.run: take URLs until the 'quit' pill, fetching each one.
void consumer(std::size_t number, lab04::BlockingQueue<std::string>& queue,
              const std::string& base_url, std::atomic<int>& fetched, conclab::Timeline& timeline) {
  const std::string lane = "consumer " + std::to_string(number);
  httplib::Client client(base_url);
  client.set_connection_timeout(5s);
  client.set_read_timeout(5s);
  while (true) {
    const std::optional<std::string> content = queue.pop();
    if (!content) {
      std::printf(
          "  consumer %zu: the queue is closed and empty, and no pill came "
          "(is pop() still a stub?)\n",
          number);
      return;
    }
    if (*content == kQuit) {
      std::printf("  consumer %zu: swallowed its pill, stops\n", number);
      return;
    }
    const auto span = timeline.span("GET " + *content, lane);
    const auto response = client.Get(*content);
    if (response) {
      std::printf("  consumer %zu: %s -> %d\n", number, content->c_str(), response->status);
    } else {
      std::printf("  consumer %zu: %s -> no answer (%s)\n", number, content->c_str(),
                  httplib::to_string(response.error()).c_str());
    }
    fetched += response && response->status == 200 ? 1 : 0;
  }
}

/// Seed 003's build_worker_pool: starts `size` consumers on `queue`.
std::vector<std::jthread> build_worker_pool(lab04::BlockingQueue<std::string>& queue,
                                            std::size_t size, const std::string& base_url,
                                            std::atomic<int>& fetched,
                                            conclab::Timeline& timeline) {
  std::vector<std::jthread> workers;
  for (std::size_t number = 0; number < size; ++number) {
    workers.emplace_back([&, number] { consumer(number, queue, base_url, fetched, timeline); });
  }
  return workers;
}

void consumers_with_quit_pills(const conclab::ApiServer& server, conclab::Timeline& timeline) {
  print_heading("(a) Seed 003's Consumer threads: 8 URLs, 4 consumers, one 'quit' per consumer",
                "Each consumer takes URLs until it swallows a pill; the producer joins them all.");
  constexpr std::size_t kConsumers = 4;
  constexpr int kUrls = 8;
  lab04::BlockingQueue<std::string> queue(16);
  std::atomic<int> fetched = 0;
  const auto start = Clock::now();
  const std::string base_url = server.base_url();  // outlives the consumers, which use it
  auto workers = build_worker_pool(queue, kConsumers, base_url, fetched, timeline);
  int refused = 0;
  for (int page = 1; page <= kUrls; ++page) {
    refused += queue.push("/pages/" + std::to_string(page)) ? 0 : 1;
  }
  for (std::size_t i = 0; i < workers.size(); ++i) {  // the poison pills: one per worker
    refused += queue.push(kQuit) ? 0 : 1;
  }
  workers.clear();  // joins every consumer
  std::printf("  Done: %d of %d pages fetched in %.0f ms (each takes 50 ms in the server).\n",
              fetched.load(), kUrls, milliseconds_since(start));
  if (refused > 0) {
    std::printf("  The queue refused %d of its items (is push() still a stub?)\n", refused);
  }
}

// ---------------------------------------------------------------------------------------------
// (b) The URL queue with five threads

void url_queue_with_five_threads(const conclab::ApiServer& server, conclab::Timeline& timeline) {
  print_heading("(b) Seed 003's URL queue: 10 pages through your WorkerPool, 1 worker then 5",
                "The seed measured 4 s with one thread and 2 s with five; here the server takes "
                "50 ms a page.");
  std::vector<int> ids(10);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ids[i] = static_cast<int>(i) + 1;
  }
  for (const std::size_t workers : {1U, 5U}) {
    const auto start = Clock::now();
    const auto pages = lab04::fetch_titles(server.base_url(), ids, workers);
    timeline.record("fetch_titles, " + std::to_string(workers) + " worker(s)", start, Clock::now(),
                    "main thread");
    const auto ok = std::count_if(pages.begin(), pages.end(),
                                  [](const lab04::PageTitle& page) { return page.error.empty(); });
    std::printf("  %zu worker(s): %td of %zu titles in %.0f ms", workers, ok, pages.size(),
                milliseconds_since(start));
    if (ok == 0) {
      std::printf("  (no job ran: is the WorkerPool still a stub?)");
    } else {
      std::printf(", the first: \"%s\"", pages.front().title.c_str());
    }
    std::printf("\n");
  }
}

// ---------------------------------------------------------------------------------------------
// (c) The file copy with a queue and two threads

/// Writes `megabytes` MB of seeded random bytes to `path`.
void write_random_file(const std::filesystem::path& path, std::size_t megabytes, unsigned seed) {
  std::mt19937_64 generator(seed);
  std::vector<std::uint64_t> block(1U << 17U);  // 1 MB
  std::ofstream out(path, std::ios::binary);
  for (std::size_t mb = 0; mb < megabytes; ++mb) {
    std::generate(block.begin(), block.end(), std::ref(generator));
    out.write(reinterpret_cast<const char*>(block.data()),  // NOLINT: bytes of the block
              static_cast<std::streamsize>(block.size() * sizeof(std::uint64_t)));
  }
}

void print_results(std::span<const lab04::CopyJob> jobs,
                   std::span<const lab04::CopyResult> results) {
  for (std::size_t i = 0; i < jobs.size() && i < results.size(); ++i) {
    const auto& result = results[i];
    if (result.copied) {
      std::printf("    %s: copied, %ju bytes\n", jobs[i].destination.filename().c_str(),
                  static_cast<std::uintmax_t>(result.bytes));
    } else if (result.error.empty()) {
      std::printf("    %s: not copied, and no error given (is the copier still a stub?)\n",
                  jobs[i].destination.filename().c_str());
    } else {
      std::printf("    %s: FAILED: %s\n", jobs[i].destination.filename().c_str(),
                  result.error.c_str());
    }
  }
}

/// The copies of (c) again, through a WorkerPool of two whose jobs record themselves on the
/// timeline: one row per worker thread.
void copy_on_the_timeline(std::span<const lab04::CopyJob> jobs, conclab::Timeline& timeline) {
  std::atomic<int> next_worker = 0;
  lab04::WorkerPool pool(2);
  for (const auto& job : jobs) {
    pool.submit([&] {
      thread_local const std::string lane = "copy worker " + std::to_string(next_worker++);
      const auto span = timeline.span("copy " + job.source.filename().string(), lane);
      static_cast<void>(lab04::copy_one_file(job));
    });
  }
  pool.join();
}

void file_copy_with_two_threads(const std::filesystem::path& dir, conclab::Timeline& timeline) {
  print_heading("(c) Seed 003's file copy: two 32 MB files, with 1 worker and then 2",
                "Then two jobs that must fail, each reported on its own file.");
  constexpr std::size_t kMegabytes = 32;
  const std::vector<lab04::CopyJob> jobs = {{dir / "v1.bin", dir / "v11.bin"},
                                            {dir / "v2.bin", dir / "v22.bin"}};
  write_random_file(jobs[0].source, kMegabytes, 1);
  write_random_file(jobs[1].source, kMegabytes, 2);
  for (const std::size_t workers : {1U, 2U}) {
    const auto start = Clock::now();
    const auto results = lab04::copy_files(jobs, workers);
    std::printf("  %zu worker(s): %.0f ms\n", workers, milliseconds_since(start));
    print_results(jobs, results);
  }
  std::printf(
      "  The OS caches both files in memory, so this measures copying memory more than "
      "a disk.\n");
  copy_on_the_timeline(jobs, timeline);

  const std::vector<lab04::CopyJob> failing = {
      {dir / "v3.bin", dir / "v33.bin"},                      // no v3.bin
      {dir / "v1.bin", dir / "v1.bin" / "inside-a-file.bin"}  // a file is no folder
  };
  std::printf("  Two failing jobs and one good one:\n");
  std::vector<lab04::CopyJob> mixed = failing;
  mixed.push_back({dir / "v2.bin", dir / "v222.bin"});
  print_results(mixed, lab04::copy_files(mixed, 2));
}

// ---------------------------------------------------------------------------------------------
// (d) One pill for four workers

/// Runs in the child process: four consumers, four jobs and one pill. Three consumers are left
/// waiting in pop() for ever; the watchdog reports them and ends the process.
int one_pill_for_four_workers() {
  const conclab::Watchdog watchdog(
      std::chrono::milliseconds(static_cast<long>(2000 * conclab::timeout_scale())),
      "four workers joined after one 'quit'");
  lab04::BlockingQueue<std::string> queue(8);
  std::vector<std::jthread> workers;
  for (int number = 0; number < 4; ++number) {
    workers.emplace_back([&queue, number] {
      while (const auto content = queue.pop()) {
        if (*content == kQuit) {
          std::printf("  [child] worker %d: swallowed the only pill, stops\n", number);
          std::fflush(stdout);
          return;
        }
      }
    });
  }
  for (int job = 0; job < 4; ++job) {
    static_cast<void>(queue.push("job " + std::to_string(job)));
  }
  static_cast<void>(queue.push(kQuit));  // the bug: one pill, four workers
  std::printf("  [child] sent 4 jobs and 1 pill; joining the 4 workers...\n");
  std::fflush(stdout);
  workers.clear();  // hangs: three workers wait for pills that never come
  std::printf("  [child] every worker stopped\n");
  return EXIT_SUCCESS;
}

/// Starts this program again with `argument`, and returns its exit status (-1 if it could not).
int run_child(const char* program, std::string_view argument) {
  std::fflush(nullptr);  // the child shares our stdout: what we printed must go out first
  std::error_code error;
  const std::string path = std::filesystem::read_symlink("/proc/self/exe", error).string();
  std::string program_name(program);
  std::string arg(argument);
  char* const argv[] = {program_name.data(), arg.data(), nullptr};
  pid_t pid = 0;
  if (error || ::posix_spawn(&pid, path.c_str(), nullptr, nullptr, argv, environ) != 0) {
    return -1;
  }
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) {
    return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void one_pill_for_n_workers(const char* program) {
  print_heading("(d) One 'quit' for four workers, in a child process under a 2 s watchdog",
                "One worker swallows the pill; three wait for ever, and so does the join. The "
                "watchdog turns the hang into a report.");
  const int status = run_child(program, kOnePillChild);
  if (status == conclab::kWatchdogExitCode) {
    std::printf(
        "  The child hung and its watchdog ended it (exit %d). The report above shows\n"
        "  the three workers waiting in pop() and the main thread joining them. With\n"
        "  one pill per worker, as WorkerPool::shutdown() sends them, all four stop:\n",
        status);
    lab04::WorkerPool pool(4);
    pool.shutdown();
    std::printf("  WorkerPool(4).shutdown() returned.\n");
  } else if (status == EXIT_SUCCESS) {
    std::printf(
        "  The child finished: its workers never waited in pop() (is pop() still a "
        "stub?)\n");
  } else {
    std::printf("  The child ended with status %d.\n", status);
  }
}

// ---------------------------------------------------------------------------------------------
// (e) The timeline

bool write_the_timeline(const conclab::Timeline& timeline) {
  print_heading("(e) The timeline of (a), (b) and (c)",
                "A row per consumer of (a) with a bar per fetch, the runs of (b) on the main\n"
                "  thread's row, and a row per copy worker of (c). Bars side by side overlapped.");
  return conclab::write_demo_timeline(timeline, "lab04-timeline",
                                      "Lab 04: consumers of (a), URL queue of (b), copies of (c)");
}

/// A scratch folder for (c), removed at the end.
class ScratchDir {
 public:
  ScratchDir()
      : path_(std::filesystem::temp_directory_path() /
              ("conclab-lab04-demo-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ScratchDir(ScratchDir&&) = delete;
  ScratchDir& operator=(ScratchDir&&) = delete;
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && argv[1] == kOnePillChild) {
    return one_pill_for_four_workers();
  }
  std::printf("Lab 04 demo: queues and poison pills, on a local API server (127.0.0.1).\n");
  conclab::Timeline timeline;
  {
    const conclab::ApiServer server({.latency = conclab::Latency::fixed(50ms)});
    consumers_with_quit_pills(server, timeline);
    url_queue_with_five_threads(server, timeline);
  }
  {
    const ScratchDir dir;
    file_copy_with_two_threads(dir.path(), timeline);
  }
  one_pill_for_n_workers(argv[0]);
  return write_the_timeline(timeline) ? EXIT_SUCCESS : EXIT_FAILURE;
}
