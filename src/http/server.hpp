#pragma once
// The HTTP/1.1 transport: I/O threads, the listener, and a graceful stop on SIGINT/SIGTERM.
// It knows nothing of habits, databases or passwords: the dispatcher it is given routes each
// request to a handler and its lane, all built by app/.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "http/cors.hpp"
#include "http/dispatcher.hpp"
#include "http/session.hpp"
#include "util/logger.hpp"

namespace habitd::http {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;
  int io_threads = 2;
  int max_connections = 10000;
  std::chrono::seconds shutdown_timeout{15};
  SessionLimits limits;
  std::vector<std::string> trusted_proxies;
};

class Server {
 public:
  Server(ServerOptions options, const CorsPolicy& cors, util::Logger& logger);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; throws std::system_error when the address cannot be bound.
  void listen();
  [[nodiscard]] int port() const;
  // Serves with `dispatcher` until SIGINT/SIGTERM, then lets in-flight requests finish within
  // the shutdown timeout. The lanes the dispatcher runs work on must be joined after this returns
  // and before the Server is destroyed (their work reports back to its I/O context).
  void run(const Dispatcher& dispatcher, RequestObserver* observer = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace habitd::http
