/// @file client.hpp
/// @brief Task 1: an HTTP client that can never wait forever.
#pragma once

#include <httplib.h>

#include <string>

#include "fetch_options.hpp"

namespace lab03 {

/// A client of the server at `base_url` ("http://127.0.0.1:PORT") that gives up after
/// `options.timeout` when connecting, when sending and when waiting for an answer, and keeps
/// its connection open between requests (keep-alive).
///
/// A client is not to be shared between threads: give every thread its own.
httplib::Client make_client(const std::string& base_url, const FetchOptions& options);

}  // namespace lab03
