#include "client.hpp"

namespace lab03 {

httplib::Client make_client(const std::string& base_url, const FetchOptions& options) {
  httplib::Client client(base_url);
  // Without these, a server that stalls keeps a request waiting for httplib's defaults
  // (5 s per read, 300 s to connect): a pool whose every worker waits there is stuck too.
  client.set_connection_timeout(options.timeout);
  client.set_read_timeout(options.timeout);
  client.set_write_timeout(options.timeout);
  // One connection for all of this client's requests, instead of a new one per request.
  client.set_keep_alive(true);
  return client;
}

}  // namespace lab03
