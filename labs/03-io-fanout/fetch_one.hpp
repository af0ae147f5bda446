/// @file fetch_one.hpp
/// @brief One GET, every way it can go wrong turned into a FetchOutcome (the seed's load_url).
#pragma once

#include <httplib.h>

#include <string>

#include "fetch_options.hpp"
#include "fetch_outcome.hpp"

namespace lab03 {

/// Sends `GET path` with `client` and returns what became of it; never throws for anything the
/// server or the network does. Reports the request to `options.on_fetched` when set.
///
/// - a 200 answer with a JSON body: FetchStatus::ok, with the parsed body;
/// - another status: FetchStatus::http_error, with the status and the server's message;
/// - no answer: FetchStatus::timed_out if it took `options.timeout` or longer (the client gave
///   up), FetchStatus::no_response otherwise (refused, reset, closed);
/// - a 200 answer that does not parse: FetchStatus::malformed_json.
///
/// `client` must belong to the calling thread (see make_client()).
FetchOutcome fetch_one(httplib::Client& client, const std::string& path,
                       const FetchOptions& options);

}  // namespace lab03
