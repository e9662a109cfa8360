#include "http/server.hpp"

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <thread>

#include "http/client_address.hpp"
#include "http/connections.hpp"
#include "http/listener.hpp"

namespace habitd::http {

namespace asio = boost::asio;

struct Server::Impl {
  Impl(ServerOptions opts, const CorsPolicy& c, util::Logger& l)
      : options(std::move(opts)),
        cors(c),
        logger(l),
        client_address(options.trusted_proxies),
        connections([this] {
          if (serving) asio::post(ioc, [this] { shutdown_timer.cancel(); });
        }),
        ioc(options.io_threads),
        listener(ioc, options.max_connections),
        signals(ioc, SIGINT, SIGTERM),
        shutdown_timer(ioc) {}

  void begin_shutdown() {
    if (!connections.begin_stop()) return;
    logger.info("shutting down", {{"open_connections", static_cast<long long>(connections.open())}});
    listener.close();
    boost::system::error_code ignored;
    signals.cancel(ignored);
    // In-flight requests get the shutdown timeout; after that the process stops regardless.
    shutdown_timer.expires_after(options.shutdown_timeout);
    shutdown_timer.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      logger.warn("shutdown timeout reached, closing remaining connections");
      ioc.stop();
    });
    if (connections.open() == 0) shutdown_timer.cancel();
  }

  ServerOptions options;
  const CorsPolicy& cors;
  util::Logger& logger;
  ClientAddress client_address;
  // Before the I/O context, so it outlives it: sessions cut short by the shutdown timeout are
  // destroyed with the context, and each leaves the registry as it goes.
  ConnectionRegistry connections;
  std::atomic<bool> serving{true};
  asio::io_context ioc;
  Listener listener;
  asio::signal_set signals;
  asio::steady_timer shutdown_timer;
};

Server::Server(ServerOptions options, const CorsPolicy& cors, util::Logger& logger)
    : impl_(std::make_unique<Impl>(std::move(options), cors, logger)) {}

Server::~Server() = default;

void Server::listen() { impl_->listener.listen(impl_->options.bind, impl_->options.port); }

int Server::port() const { return impl_->listener.port(); }

void Server::run(const Dispatcher& dispatcher, RequestObserver* observer) {
  Impl& impl = *impl_;
  const SessionContext context{impl.options.limits, dispatcher,  impl.cors, impl.client_address,
                               impl.connections,    impl.logger, observer};
  impl.signals.async_wait([&impl](const boost::system::error_code& ec, int) {
    if (!ec) impl.begin_shutdown();
  });
  asio::co_spawn(impl.ioc, impl.listener.accept_loop(context), asio::detached);
  impl.logger.info("listening", {{"bind", std::string_view(impl.options.bind)}, {"port", static_cast<long long>(port())}});
  std::vector<std::thread> threads;
  for (int i = 1; i < impl.options.io_threads; ++i) threads.emplace_back([&impl] { impl.ioc.run(); });
  impl.ioc.run();
  for (auto& thread : threads) thread.join();
  impl.serving = false;
  impl.logger.info("stopped");
}

}  // namespace habitd::http
