#include "connection_abort.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace conclab::server {

namespace {

/// An IPv4 or IPv6 address and port, as text and number.
struct Endpoint {
  std::string address;
  int port = -1;
};

/// Reads what getsockname/getpeername filled in.
std::optional<Endpoint> to_endpoint(const sockaddr_storage& storage) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (storage.ss_family == AF_INET) {
    sockaddr_in address{};
    std::memcpy(&address, &storage, sizeof(address));
    ::inet_ntop(AF_INET, &address.sin_addr, text.data(), text.size());
    return Endpoint{text.data(), ntohs(address.sin_port)};
  }
  if (storage.ss_family == AF_INET6) {
    sockaddr_in6 address{};
    std::memcpy(&address, &storage, sizeof(address));
    ::inet_ntop(AF_INET6, &address.sin6_addr, text.data(), text.size());
    return Endpoint{text.data(), ntohs(address.sin6_port)};
  }
  return std::nullopt;
}

template <typename GetName>
std::optional<Endpoint> endpoint_of(int descriptor, GetName get_name) {
  sockaddr_storage storage{};
  socklen_t length = sizeof(storage);
  // The sockets API takes every address type through a sockaddr pointer.
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
  if (get_name(descriptor, reinterpret_cast<sockaddr*>(&storage), &length) != 0) {
    return std::nullopt;
  }
  return to_endpoint(storage);
}

/// The descriptors open in this process, read from /proc/self/fd.
std::vector<int> open_descriptors() {
  std::vector<int> descriptors;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
    const std::string name = entry.path().filename().string();
    int descriptor = -1;
    if (std::from_chars(name.data(), name.data() + name.size(), descriptor).ec == std::errc{}) {
      descriptors.push_back(descriptor);
    }
  }
  return descriptors;
}

bool is_the_connection(int descriptor, int local_port, std::string_view peer_address,
                       int peer_port) {
  const std::optional<Endpoint> local = endpoint_of(descriptor, ::getsockname);
  if (!local || local->port != local_port) {
    return false;
  }
  const std::optional<Endpoint> peer = endpoint_of(descriptor, ::getpeername);
  return peer && peer->port == peer_port && peer->address == peer_address;
}

}  // namespace

bool abort_connection(int local_port, std::string_view peer_address, int peer_port) {
  for (const int descriptor : open_descriptors()) {
    if (!is_the_connection(descriptor, local_port, peer_address, peer_port)) {
      continue;
    }
    // Linger 0: when httplib closes the socket, the kernel sends a reset instead of the
    // usual goodbye. shutdown() stops both directions now, so httplib's attempt to write the
    // response fails (SIGPIPE is ignored: httplib's Server does that) and nothing reaches
    // the client. The descriptor itself stays httplib's to close.
    const linger abort_on_close{1, 0};
    ::setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof(abort_on_close));
    ::shutdown(descriptor, SHUT_RDWR);
    return true;
  }
  return false;
}

}  // namespace conclab::server
