#pragma once
// One HTTP/1.1 connection: reads each request within the limits and timeouts, hands it to the
// dispatcher, writes the answer, and keeps the connection alive while both sides want to.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstddef>

#include "http/client_address.hpp"
#include "http/connections.hpp"
#include "http/cors.hpp"
#include "http/dispatcher.hpp"
#include "util/logger.hpp"

namespace habitd::http {

// Told about every finished request (metrics); called on an I/O thread, must not block.
struct RequestObserver {
  virtual ~RequestObserver() = default;
  virtual void on_request(std::string_view method, std::string_view route, int status, std::chrono::microseconds duration) = 0;
};

struct SessionLimits {
  std::size_t max_header_bytes = std::size_t{8} * 1024;
  std::chrono::seconds request_timeout{10};  // to receive a whole request, and to write an answer
  std::chrono::seconds idle_timeout{60};     // between requests on a kept-alive connection
};

struct SessionContext {
  SessionLimits limits;
  const Dispatcher& dispatcher;
  const CorsPolicy& cors;
  const ClientAddress& client_address;
  ConnectionRegistry& connections;
  util::Logger& logger;
  RequestObserver* observer = nullptr;
};

[[nodiscard]] boost::asio::awaitable<void> run_session(boost::asio::ip::tcp::socket socket, const SessionContext& context);

}  // namespace habitd::http
