#include "session.hpp"

#include <httplib.h>

#include <chrono>
#include <sstream>

#include "session_log.hpp"

namespace lab02 {

namespace {

/// How long a request may take before the session gives up: far longer than any latency the
/// lab uses, so that only a broken server reaches it.
constexpr auto kConnectTimeout = std::chrono::seconds(5);
constexpr auto kReadTimeout = std::chrono::seconds(30);

std::string text_of(std::thread::id thread) {
  std::ostringstream text;
  text << thread;
  return text.str();
}

}  // namespace

Session::Session() : owner_(std::this_thread::get_id()), number_(session_log().created(owner_)) {}

Session::~Session() {
  session_log().destroyed(number_);
}

void Session::check_caller() const {
  if (std::this_thread::get_id() == owner_) {
    return;
  }
  session_log().refused(number_);
  throw std::logic_error("session " + std::to_string(number_) + " was created by thread " +
                         text_of(owner_) + " but used by thread " +
                         text_of(std::this_thread::get_id()) +
                         ": a session belongs to one thread and must not be shared");
}

std::string Session::get(const std::string& base_url, const std::string& path) {
  check_caller();
  if (!client_ || base_url != base_url_) {
    client_ = std::make_unique<httplib::Client>(base_url);
    client_->set_keep_alive(true);
    client_->set_tcp_nodelay(true);
    client_->set_connection_timeout(kConnectTimeout);
    client_->set_read_timeout(kReadTimeout);
    base_url_ = base_url;
  }
  session_log().sent(number_);
  const httplib::Result result = client_->Get(path);
  if (!result) {
    throw FetchError("GET " + path + ": no answer (" + httplib::to_string(result.error()) + ")");
  }
  if (result->status != 200) {
    throw FetchError("GET " + path + ": status " + std::to_string(result->status));
  }
  return result->body;
}

}  // namespace lab02
