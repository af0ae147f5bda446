/// @file session.hpp
/// @brief A connection to the API server for one thread: the C++ stand-in for the
/// `requests.Session` of seed 004.
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace httplib {
class Client;
}

namespace lab02 {

/// A request that got no answer, or an answer other than 200 OK.
class FetchError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A connection to the API server that belongs to the thread that created it.
///
/// Like a `requests.Session`, it keeps its connection open between requests (HTTP keep-alive),
/// which saves connecting again for each one, and it is not safe to share between threads.
/// Unlike one, it checks: it remembers the thread that created it, and a call from any other
/// thread is refused with std::logic_error (and counted in session_log()) instead of two threads
/// mixing their requests on one connection.
///
/// Every session reports its creation, each request and its destruction to session_log().
/// Destroy sessions, or end the threads that own them, before the server they talk to: an open
/// connection holds the server's shutdown back until it times out.
class Session {
 public:
  /// A session owned by the calling thread, not yet connected.
  Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  Session(Session&&) = delete;
  Session& operator=(Session&&) = delete;
  /// Closes the connection.
  ~Session();

  /// GETs `path` from the server at `base_url` ("http://127.0.0.1:PORT") and returns the body of
  /// its 200 answer. The connection is opened on first use, and opened again when `base_url`
  /// changes.
  /// @throws std::logic_error when called from a thread other than the one that created it.
  /// @throws FetchError when no answer came, or the answer was not 200.
  std::string get(const std::string& base_url, const std::string& path);

  /// The session's number in session_log().
  [[nodiscard]] std::size_t number() const { return number_; }
  /// The thread that created the session.
  [[nodiscard]] std::thread::id owner() const { return owner_; }

 private:
  /// Throws, after logging it, unless the calling thread is the owner.
  void check_caller() const;

  const std::thread::id owner_;
  const std::size_t number_;
  std::string base_url_;                     // of client_
  std::unique_ptr<httplib::Client> client_;  // opened by the first get()
};

}  // namespace lab02
