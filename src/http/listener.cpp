#include "http/listener.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/problem.hpp"
#include "http/reply.hpp"
#include "http/request_id.hpp"

namespace habitd::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr std::chrono::seconds kRefusalTimeout{2};
constexpr int kMostAcceptedAtOnce = 64;

// Over the connection limit: a clear 503 instead of a silent reset, then close.
asio::awaitable<void> refuse(tcp::socket socket, const SessionContext& context) {
  boost::beast::tcp_stream stream(std::move(socket));
  Request request;
  request.request_id = new_request_id();
  Response response =
      problem(domain::Error(domain::ErrorCode::kUnavailable, "Too many open connections; retry shortly.").with_retry_after(1),
              request.request_id);
  (void)co_await write_reply(stream, std::move(response), request, false, context.cors, kRefusalTimeout);
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace

void Listener::listen(const std::string& bind, int port) {
  const tcp::endpoint endpoint{asio::ip::make_address(bind), static_cast<unsigned short>(port)};
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  acceptor_.non_blocking(true);
}

int Listener::port() const { return acceptor_.local_endpoint().port(); }

void Listener::close() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

asio::awaitable<void> Listener::accept_loop(const SessionContext& context) {
  while (!context.connections.stopping()) {
    auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(ioc_), asio::as_tuple(asio::use_awaitable));
    if (ec) {
      if (context.connections.stopping() || ec == asio::error::operation_aborted) break;
      // Out of descriptors and the like: back off briefly instead of spinning.
      asio::steady_timer pause(ioc_, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    start(std::move(socket), context);
    // Drain the backlog before waiting again: under load an accept that waits its turn behind
    // every busy session would let a burst of new connections queue in the kernel for seconds.
    for (int drained = 0; drained < kMostAcceptedAtOnce; ++drained) {
      tcp::socket next(asio::make_strand(ioc_));
      boost::system::error_code again;
      acceptor_.accept(next, again);  // non-blocking: would_block once the backlog is empty
      if (again) break;
      start(std::move(next), context);
    }
  }
}

void Listener::start(tcp::socket socket, const SessionContext& context) {
  auto executor = socket.get_executor();
  if (context.connections.open() >= max_connections_) {
    asio::co_spawn(executor, refuse(std::move(socket), context), asio::detached);
    return;
  }
  asio::co_spawn(executor, run_session(std::move(socket), context), asio::detached);
}

}  // namespace habitd::http
