// Dropping a connection from inside a request handler, for FailureKind::reset.
#pragma once

#include <string_view>

namespace conclab::server {

/// Aborts the TCP connection of this process whose local port is `local_port` and whose peer
/// is `peer_address`:`peer_port`: no more data goes either way, the client reads the end of
/// the connection (or a reset) instead of a response. False when no such connection exists.
///
/// cpp-httplib does not tell a handler its socket, so this finds it among the process's open
/// descriptors; the (local port, peer address, peer port) triple names one connection.
bool abort_connection(int local_port, std::string_view peer_address, int peer_port);

}  // namespace conclab::server
