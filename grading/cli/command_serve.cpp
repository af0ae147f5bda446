// conclab serve: the loopback API server of the I/O labs, on the terminal, until Ctrl-C.
#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli.hpp"
#include "conclab/api_server.hpp"
#include "conclab/grading/errors.hpp"
#include "conclab/grading/subprocess.hpp"

namespace conclab::cli {

namespace {

/// The command line of `conclab serve`.
struct ServeArguments {
  std::uint16_t port = 0;
  std::uint64_t seed = kDefaultDatasetSeed;
  std::string latency = "0";
  std::vector<std::string> path_latencies;
  std::vector<std::string> failures;
  std::size_t max_concurrent = kDefaultMaxConcurrentRequests;
};

/// The server's options; a UserError (exit code 2) for a malformed latency or failure rule.
ServerOptions server_options(const ServeArguments& arguments) {
  ServerOptions options{.port = arguments.port,
                        .seed = arguments.seed,
                        .max_concurrent_requests = arguments.max_concurrent};
  try {
    options.latency = parse_latency(arguments.latency);
    for (const std::string& text : arguments.path_latencies) {
      options.path_latencies.push_back(parse_path_latency(text));
    }
    for (const std::string& text : arguments.failures) {
      options.failures.push_back(parse_failure_rule(text));
    }
  } catch (const std::invalid_argument& error) {
    throw grading::UserError(error.what());
  }
  return options;
}

std::string describe(const Latency& latency) {
  if (latency.min == latency.max) {
    return std::to_string(latency.min.count()) + " ms";
  }
  return std::to_string(latency.min.count()) + " to " + std::to_string(latency.max.count()) + " ms";
}

void print_banner(const ApiServer& server, const ServerOptions& options) {
  std::cout << Style::bold("conclab serve: ") << server.base_url() << '\n'
            << "seed " << options.seed << ", latency " << describe(options.latency) << ", up to "
            << options.max_concurrent_requests << " requests at once\n";
  for (const PathLatency& path : options.path_latencies) {
    std::cout << "latency " << describe(path.latency) << " for " << path.pattern << '\n';
  }
  for (const FailureRule& rule : options.failures) {
    std::cout << "failure " << to_string(rule.kind) << " for " << rule.pattern
              << (rule.nth == 0 ? std::string(", every request")
                                : ", request " + std::to_string(rule.nth) + " only")
              << '\n';
  }
  std::cout << "\nEndpoints (GET):\n"
               "  /whitelabels                       22 whitelabels\n"
               "  /whitelabels/{id}                  one whitelabel\n"
               "  /whitelabels/{id}/connections      its connections (973 in all)\n"
               "  /connections?whitelabel={id}       the same list\n"
               "  /connections/{id}                  one connection\n"
               "  /starlink[?limit=N]                satellite ids\n"
               "  /starlink/{id}                     one satellite record\n"
               "  /pages[?limit=N]                   page ids\n"
               "  /pages/{id}, /pages/{id}/html      one page, as JSON or HTML\n"
               "  /health, /stats                    is it up; request counters\n"
               "\nPress Ctrl-C to stop.\n"
            << std::flush;
}

int serve(const ServeArguments& arguments) {
  const ServerOptions options = server_options(arguments);
  std::optional<ApiServer> server;
  try {
    server.emplace(options);
  } catch (const std::runtime_error& error) {
    throw grading::UserError(error.what());
  }
  print_banner(*server, options);
  // main() set SIGINT and SIGTERM to raise a flag instead of ending the process.
  while (grading::sleep_unless_interrupted(std::chrono::milliseconds(200))) {
  }
  const std::uint64_t served = server->stats().requests_served;
  server.reset();
  std::cout << "\nconclab serve: stopped after " << served << " requests\n";
  return kExitOk;
}

}  // namespace

Command add_serve_command(CLI::App& app) {
  CLI::App* serve_app =
      app.add_subcommand("serve", "Run the loopback API server of the I/O labs until Ctrl-C");
  auto arguments = std::make_shared<ServeArguments>();
  serve_app->add_option("--port", arguments->port, "Port on 127.0.0.1 (0: any free port)")
      ->capture_default_str();
  serve_app->add_option("--seed", arguments->seed, "Seed of the data and of drawn latencies")
      ->capture_default_str();
  serve_app
      ->add_option("--latency-ms", arguments->latency,
                   "Latency of every request: MS, or MIN..MAX for a uniform draw")
      ->capture_default_str();
  serve_app->add_option("--path-latency", arguments->path_latencies,
                        "PATTERN=MS or PATTERN=MIN..MAX for matching paths ('*' matches any "
                        "text); repeatable");
  serve_app->add_option("--fail", arguments->failures,
                        "PATTERN=KIND[:DELAY_MS][@N], KIND one of 403, 404, 500, reset, "
                        "slow, malformed; @N: only the Nth matching request; repeatable");
  serve_app
      ->add_option("--max-concurrent", arguments->max_concurrent,
                   "Requests handled at the same time")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  return Command{serve_app, [arguments] { return serve(*arguments); }};
}

}  // namespace conclab::cli
