#pragma once
// Accepts connections and starts a session for each, on its own strand; beyond the connection
// limit it answers 503 and closes instead of resetting silently.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <string>

#include "http/session.hpp"

namespace habitd::http {

class Listener {
 public:
  Listener(boost::asio::io_context& ioc, int max_connections) : ioc_(ioc), acceptor_(ioc), max_connections_(max_connections) {}

  // Binds and listens; throws std::system_error when the address cannot be bound.
  void listen(const std::string& bind, int port);
  [[nodiscard]] int port() const;
  // Accepts until close(); each session runs with `context`, which must outlive them.
  [[nodiscard]] boost::asio::awaitable<void> accept_loop(const SessionContext& context);
  void close();

 private:
  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  const int max_connections_;
};

}  // namespace habitd::http
