#include "site_description.hpp"

#include "conclab/helper_program.hpp"

#include <dlfcn.h>
#include <link.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <map>
#include <string_view>
#include <utility>

namespace conclab::lock_order_detail {
namespace {

/// How long addr2line may take to read the debug information before the report goes out
/// without the lines it would have found.
constexpr std::chrono::seconds kResolveBudget{10};

/// A source line found for a code address.
struct SourceLine {
  std::string file;  ///< As the debug information names it; "??" when unknown.
  unsigned line = 0;
};

std::string_view base_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

/// "/src/bank.cpp:31:7", "/src/bank.cpp:31" or "??:0" -> file and line.
SourceLine parse_source_line(std::string_view text) {
  auto last_colon = text.rfind(':');
  if (last_colon == std::string_view::npos || last_colon == 0) {
    return {std::string(text), 0};
  }
  const auto before_last = text.rfind(':', last_colon - 1);
  if (before_last != std::string_view::npos &&
      all_digits(text.substr(before_last + 1, last_colon - before_last - 1))) {
    last_colon = before_last;  // a column follows the line: drop it
  }
  const std::string_view line_text = text.substr(last_colon + 1);
  unsigned line = 0;
  std::from_chars(line_text.data(), line_text.data() + line_text.size(), line);
  return {std::string(text.substr(0, last_colon)), line};
}

/// Parses `addr2line -a -i -p`: per address, a "0xADDR: LOCATION" line and one
/// " (inlined by) LOCATION" line per inlined caller. The locations of each address, innermost
/// first, in the order of the addresses.
std::vector<std::vector<SourceLine>> parse_addr2line(std::string_view output) {
  constexpr std::string_view kInlined = " (inlined by) ";
  std::vector<std::vector<SourceLine>> addresses;
  while (!output.empty()) {
    const auto end = output.find('\n');
    std::string_view line = output.substr(0, end);
    output = end == std::string_view::npos ? std::string_view() : output.substr(end + 1);
    if (const auto discriminator = line.find(" (discriminator ");
        discriminator != std::string_view::npos) {
      line = line.substr(0, discriminator);
    }
    if (line.starts_with("0x")) {
      const auto colon = line.find(": ");
      addresses.emplace_back();
      if (colon != std::string_view::npos) {
        addresses.back().push_back(parse_source_line(line.substr(colon + 2)));
      }
    } else if (line.starts_with(kInlined) && !addresses.empty()) {
      addresses.back().push_back(parse_source_line(line.substr(kInlined.size())));
    }
  }
  return addresses;
}

/// What `addr2line` (binutils) says about `addresses` of the ELF file `module`, or "" when it
/// cannot be run or gives no answer in time. Safe while other threads are deadlocked (see
/// run_helper_program()).
std::string run_addr2line(const std::string& module, const std::vector<std::string>& addresses) {
  std::vector<std::string> argv = {"addr2line", "-a", "-i", "-p", "-e", module};
  argv.insert(argv.end(), addresses.begin(), addresses.end());
  HelperOutput helper = run_helper_program(argv, kResolveBudget, false);
  return helper.finished ? std::move(helper.output) : std::string();
}

/// Where a return address lies: its ELF file, and its address in that file.
struct ModuleAddress {
  std::string module;  ///< The file; empty for the system's libraries, which hold no user code.
  std::uintptr_t address = 0;
};

ModuleAddress module_address(const void* frame) {
  // A return address is the instruction after the call: step back into the call itself.
  const auto address = reinterpret_cast<std::uintptr_t>(frame) - 1;  // NOLINT: an address
  Dl_info info{};
  link_map* map = nullptr;
  if (::dladdr1(frame, &info, reinterpret_cast<void**>(&map), RTLD_DL_LINKMAP) == 0 ||  // NOLINT
      map == nullptr) {
    return {};
  }
  const std::string_view name = map->l_name;
  if (name.starts_with("/lib") || name.starts_with("/usr/lib")) {
    return {};  // libc, libstdc++, the sanitizer's runtime: no line of the user's there
  }
  // The main program's link map has no name; its file is reachable through /proc.
  std::string module =
      name.empty() ? "/proc/" + std::to_string(::getpid()) + "/exe" : std::string(name);
  return {std::move(module), address - map->l_addr};
}

std::string hex(std::uintptr_t address) {
  std::array<char, 2 + 2 * sizeof(std::uintptr_t)> text{'0', 'x'};
  auto* const end = std::to_chars(text.data() + 2, text.data() + text.size(), address, 16).ptr;
  return {text.data(), end};
}

/// The source lines of every frame of every site, innermost first: one addr2line run per file
/// the frames are in (usually only the test program). Frames it cannot place get none.
std::vector<std::vector<SourceLine>> locate_frames(std::span<const AcquisitionSite* const> sites) {
  std::vector<std::vector<SourceLine>> located;
  std::map<std::string, std::vector<std::size_t>> frames_by_module;  // indices into `located`
  std::map<std::string, std::vector<std::string>> addresses_by_module;
  for (const AcquisitionSite* site : sites) {
    for (std::size_t i = 0; i < site->frame_count; ++i) {
      const ModuleAddress where = module_address(site->frames.at(i));
      if (!where.module.empty()) {
        frames_by_module[where.module].push_back(located.size());
        addresses_by_module[where.module].push_back(hex(where.address));
      }
      located.emplace_back();
    }
  }
  for (const auto& [module, addresses] : addresses_by_module) {
    const auto lines = parse_addr2line(run_addr2line(module, addresses));
    if (lines.size() != addresses.size()) {
      continue;  // addr2line is missing, or said something else: leave those frames unplaced
    }
    const std::vector<std::size_t>& frames = frames_by_module[module];
    for (std::size_t i = 0; i < frames.size(); ++i) {
      located[frames[i]] = lines[i];
    }
  }
  return located;
}

/// The first line outside the standard library after the stack has entered it: the line of
/// the user's code that called std::scoped_lock (or unique_lock, or condition_variable_any).
/// Empty when there is none.
std::string user_line(const std::vector<SourceLine>& stack) {
  bool in_library = false;
  for (const SourceLine& frame : stack) {
    if (is_in_standard_library(frame.file)) {
      in_library = true;
    } else if (in_library && frame.line > 0 && frame.file != "??") {
      return describe_source_line(frame.file, frame.line);
    }
  }
  return {};
}

}  // namespace

std::string describe_source_line(std::string_view file, unsigned line) {
  return std::string(base_name(file)) + ':' + std::to_string(line);
}

std::vector<std::string> describe_sites(std::span<const AcquisitionSite* const> sites) {
  const std::vector<std::vector<SourceLine>> located = locate_frames(sites);
  std::vector<std::string> descriptions;
  std::size_t next_frame = 0;
  for (const AcquisitionSite* site : sites) {
    std::vector<SourceLine> stack;
    for (std::size_t i = 0; i < site->frame_count; ++i, ++next_frame) {
      stack.insert(stack.end(), located[next_frame].begin(), located[next_frame].end());
    }
    const std::string direct = describe_source_line(site->where.file_name(), site->where.line());
    if (site->frame_count == 0) {
      descriptions.push_back(direct);
    } else if (std::string found = user_line(stack); !found.empty()) {
      descriptions.push_back(std::move(found));
    } else {
      descriptions.push_back(direct + " (in the standard library)");
    }
  }
  return descriptions;
}

}  // namespace conclab::lock_order_detail
