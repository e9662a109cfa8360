#pragma once
// The HTTP/1.1 transport: accepts connections, reads requests within limits and timeouts, runs
// the routed handler on its lane, writes the response, and shuts down gracefully on a signal.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "util/logger.hpp"

namespace habitd::http {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;
  int io_threads = 2;
  int database_threads = 4;
  int write_threads = 4;
  int password_threads = 2;
  int max_pending_password_jobs = 64;
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_header_bytes = 8 * 1024;
  std::chrono::seconds request_timeout{10};
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds shutdown_timeout{15};
  int max_connections = 10000;
  std::vector<std::string> trusted_proxies;
  std::vector<std::string> cors_origins;
};

// Told about every finished request (metrics); called on an I/O thread, must not block.
struct RequestObserver {
  virtual ~RequestObserver() = default;
  virtual void on_request(std::string_view method, std::string_view route, int status, std::chrono::microseconds duration) = 0;
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, util::Logger& logger, RequestObserver* observer = nullptr);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; throws std::system_error when the address cannot be bound.
  void listen();
  [[nodiscard]] int port() const noexcept;
  // Serves until SIGINT/SIGTERM, then drains in-flight requests within the shutdown timeout.
  void run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace habitd::http
