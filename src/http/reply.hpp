#pragma once
// Every answer leaves through write_reply(): the handlers' and the transport's own (400, 408, 413,
// 431, the over-limit 503, CORS preflights), so each carries the same headers.
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstddef>

#include "http/cors.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace habitd::http {

struct ReplyOutcome {
  bool written = false;
  std::size_t bytes = 0;
};

// Adds X-Request-Id, nosniff, Cache-Control (no-store unless the handler chose) and CORS headers,
// then writes `response` within `timeout`. A HEAD request gets the headers without the body.
[[nodiscard]] boost::asio::awaitable<ReplyOutcome> write_reply(boost::beast::tcp_stream& stream, Response response,
                                                               const Request& request, bool keep_alive, const CorsPolicy& cors,
                                                               std::chrono::seconds timeout);

}  // namespace habitd::http
