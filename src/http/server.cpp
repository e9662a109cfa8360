#include "http/server.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <latch>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

#include "http/problem.hpp"
#include "http/request_target.hpp"

namespace habitd::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using domain::ErrorCode;

namespace {

constexpr std::size_t kMaxRequestIdLength = 128;
constexpr int kPasswordNice = 10;

bool is_valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':')) return false;
  return true;
}

std::string new_request_id() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  std::uint64_t bits = generator();
  for (char& c : id) {
    c = kHex[bits & 0xF];
    bits >>= 4;
  }
  return id;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A handler's result delivered back to the connection's strand. Written as an explicit
// initiation (not a coroutine lambda) to stay clear of the GCC 12 co_spawn lambda miscompile.
template <typename Fn>
auto run_on(asio::thread_pool& pool, Fn fn) {
  using Result = std::invoke_result_t<Fn&>;
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, Result)>(
      [&pool](auto handler, Fn work) {
        auto home = asio::prefer(asio::get_associated_executor(handler), asio::execution::outstanding_work.tracked);
        asio::post(pool, [handler = std::move(handler), work = std::move(work), home]() mutable {
          std::exception_ptr error;
          Result result{};
          try {
            result = work();
          } catch (...) {
            error = std::current_exception();
          }
          asio::post(home, [handler = std::move(handler), error, result = std::move(result)]() mutable {
            std::move(handler)(error, std::move(result));
          });
        });
      },
      asio::use_awaitable, std::move(fn));
}

// Lowers the CPU priority of every thread of `pool` (nice `increment`, Linux: per thread). Each
// thread takes one task and then waits for the others, so no thread can take two.
void lower_priority(asio::thread_pool& pool, int threads, int increment) {
  // Shared: a thread may still be leaving arrive_and_wait() when the caller's wait() returns.
  auto all_taken = std::make_shared<std::latch>(threads);
  for (int i = 0; i < threads; ++i)
    asio::post(pool, [all_taken, increment] {
      (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), increment);
      all_taken->arrive_and_wait();
    });
  all_taken->wait();
}

// One live connection, so shutdown can close the idle ones at once and let busy ones finish.
struct Connection {
  beast::tcp_stream* stream = nullptr;
  bool busy = false;  // touched only on the connection's strand
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions opts, const Router& r, util::Logger& l, RequestObserver* o)
      : options(std::move(opts)),
        router(r),
        logger(l),
        observer(o),
        ioc(options.io_threads),
        acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM),
        database_pool(static_cast<std::size_t>(options.database_threads)),
        write_pool(static_cast<std::size_t>(options.write_threads)),
        password_pool(static_cast<std::size_t>(options.password_threads)),
        shutdown_timer(ioc),
        header_body_limit(std::max<std::uint64_t>(options.max_body_bytes, r.largest_body_limit())) {
    // bcrypt runs at a lower priority: idle cores still go to logins at full speed, but during a
    // burst of logins the kernel serves the cheap requests first, so their latency holds.
    lower_priority(password_pool, options.password_threads, kPasswordNice);
  }

  ServerOptions options;
  const Router& router;
  util::Logger& logger;
  RequestObserver* observer;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::thread_pool database_pool;
  asio::thread_pool write_pool;
  asio::thread_pool password_pool;
  asio::steady_timer shutdown_timer;
  // The body limit a request's headers are read under: the largest of any route (the route table
  // is fixed, so this is worked out once, not per request).
  const std::uint64_t header_body_limit;
  std::atomic<int> pending_password_jobs{0};
  std::atomic<int> open_connections{0};
  std::atomic<bool> stopping{false};
  std::mutex connections_mutex;
  std::uint64_t next_connection_id = 0;
  std::unordered_map<std::uint64_t, std::pair<asio::any_io_executor, std::shared_ptr<Connection>>> connections;

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(tcp::socket socket);
  asio::awaitable<void> refuse(tcp::socket socket);
  asio::awaitable<Response> dispatch(Request& request, std::string& route_name);
  void begin_shutdown();
  std::string client_address(const tcp::socket& socket, const Request& request) const;
  void decorate(bhttp::response<bhttp::string_body>& out, const Request& request) const;
  // Whether the request's Origin is on the CORS allowlist (never when CORS is off).
  bool cors_allows(const Request& request) const;
};

Server::Server(ServerOptions options, const Router& router, util::Logger& logger, RequestObserver* observer)
    : impl_(std::make_unique<Impl>(std::move(options), router, logger, observer)) {}

Server::~Server() {
  impl_->database_pool.join();
  impl_->write_pool.join();
  impl_->password_pool.join();
}

void Server::listen() {
  auto& acceptor = impl_->acceptor;
  const tcp::endpoint endpoint{asio::ip::make_address(impl_->options.bind), static_cast<unsigned short>(impl_->options.port)};
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
}

int Server::port() const noexcept { return impl_->acceptor.local_endpoint().port(); }

void Server::run() {
  Impl& impl = *impl_;
  impl.signals.async_wait([&impl](const boost::system::error_code& ec, int) {
    if (!ec) impl.begin_shutdown();
  });
  asio::co_spawn(impl.ioc, impl.accept_loop(), asio::detached);
  impl.logger.info("listening", {{"bind", std::string_view(impl.options.bind)}, {"port", static_cast<long long>(port())}});
  std::vector<std::thread> threads;
  for (int i = 1; i < impl.options.io_threads; ++i) threads.emplace_back([&impl] { impl.ioc.run(); });
  impl.ioc.run();
  for (auto& thread : threads) thread.join();
  impl.database_pool.join();
  impl.write_pool.join();
  impl.password_pool.join();
  impl.logger.info("stopped");
}

void Server::Impl::begin_shutdown() {
  if (stopping.exchange(true)) return;
  logger.info("shutting down", {{"open_connections", static_cast<long long>(open_connections.load())}});
  boost::system::error_code ignored;
  acceptor.close(ignored);
  signals.cancel(ignored);
  {
    const std::lock_guard lock(connections_mutex);
    for (auto& [id, entry] : connections) {
      asio::post(entry.first, [connection = entry.second] {
        if (!connection->busy && connection->stream) connection->stream->socket().cancel();
      });
    }
  }
  // In-flight requests get the shutdown timeout; after that the process stops regardless.
  shutdown_timer.expires_after(options.shutdown_timeout);
  shutdown_timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    logger.warn("shutdown timeout reached, closing remaining connections");
    ioc.stop();
  });
  asio::post(ioc, [this] {
    if (open_connections.load() == 0) shutdown_timer.cancel();
  });
}

asio::awaitable<void> Server::Impl::accept_loop() {
  while (!stopping) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), asio::as_tuple(asio::use_awaitable));
    if (ec) {
      if (stopping || ec == asio::error::operation_aborted) break;
      // Out of descriptors and the like: back off briefly instead of spinning.
      asio::steady_timer pause(ioc, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    auto executor = socket.get_executor();
    if (open_connections.load() >= options.max_connections) {
      asio::co_spawn(executor, refuse(std::move(socket)), asio::detached);
      continue;
    }
    asio::co_spawn(executor, session(std::move(socket)), asio::detached);
  }
}

// Over the connection limit: a clear 503 instead of a silent reset, then close.
asio::awaitable<void> Server::Impl::refuse(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  stream.expires_after(std::chrono::seconds(2));
  const Response body = problem(ErrorCode::kUnavailable, "Too many open connections; retry shortly.");
  bhttp::response<bhttp::string_body> out{bhttp::status::service_unavailable, 11};
  out.set(bhttp::field::content_type, body.content_type);
  out.set(bhttp::field::retry_after, "1");
  out.keep_alive(false);
  out.body() = body.body;
  out.prepare_payload();
  co_await bhttp::async_write(stream, out, asio::as_tuple(asio::use_awaitable));
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

std::string Server::Impl::client_address(const tcp::socket& socket, const Request& request) const {
  boost::system::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  std::string address = ec ? std::string("unknown") : peer.address().to_string();
  const auto is_trusted = [this](std::string_view candidate) {
    return std::find(options.trusted_proxies.begin(), options.trusted_proxies.end(), candidate) != options.trusted_proxies.end();
  };
  if (!is_trusted(address)) return address;
  // Walk from the nearest hop outwards, skipping our own proxies: the first untrusted hop is the client.
  std::string_view rest = request.header("x-forwarded-for").value_or(std::string_view{});
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    std::string_view hop = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
    while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
    if (hop.empty()) continue;
    address = std::string(hop);
    if (!is_trusted(hop)) break;
  }
  return address;
}

void Server::Impl::decorate(bhttp::response<bhttp::string_body>& out, const Request& request) const {
  out.set("X-Request-Id", request.request_id);
  out.set("X-Content-Type-Options", "nosniff");
  if (out.find(bhttp::field::cache_control) == out.end()) out.set(bhttp::field::cache_control, "no-store");
  if (!cors_allows(request)) return;
  out.set(bhttp::field::access_control_allow_origin, std::string(*request.header("origin")));
  out.set(bhttp::field::vary, "Origin");
  out.set(bhttp::field::access_control_expose_headers, "Location, Retry-After, X-Request-Id");
}

bool Server::Impl::cors_allows(const Request& request) const {
  const auto origin = request.header("origin");
  if (options.cors_origins.empty() || !origin) return false;
  const auto& allowed = options.cors_origins;
  return std::find(allowed.begin(), allowed.end(), *origin) != allowed.end() || std::find(allowed.begin(), allowed.end(), "*") != allowed.end();
}

asio::awaitable<Response> Server::Impl::dispatch(Request& request, std::string& route_name) {
  // CORS preflight: answered here so it never reaches handlers, with the methods of that path (no
  // route takes OPTIONS, so the router lists them all). When CORS is off, the origin is not listed
  // or the path does not exist, it is an ordinary OPTIONS request (405 or 404): the origin learns nothing.
  if (request.method == "OPTIONS" && request.header("access-control-request-method") && cors_allows(request)) {
    auto match = router.match("OPTIONS", request.path);
    if (auto* path_methods = std::get_if<MethodNotAllowed>(&match)) {
      route_name = "preflight";
      co_return Response{204, {}, {}, {}}
          .with_header("Access-Control-Allow-Methods", path_methods->allow)
          .with_header("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key, X-Request-Id")
          .with_header("Access-Control-Max-Age", "600");
    }
  }
  auto match = router.match(request.method, request.path);
  if (std::holds_alternative<NoRoute>(match)) {
    route_name = "unmatched";
    // The path is not echoed: decoded, it may be any bytes, and a problem body must stay UTF-8 JSON.
    co_return problem(ErrorCode::kNotFound, "No resource at this path.", request.request_id);
  }
  if (auto* not_allowed = std::get_if<MethodNotAllowed>(&match)) {
    route_name = "unmatched";
    co_return problem(ErrorCode::kMethodNotAllowed, "Method " + request.method + " is not allowed here.", request.request_id)
        .with_header("Allow", not_allowed->allow);
  }
  auto& found = std::get<RouteMatch>(match);
  const Route& route = *found.route;
  route_name = route.pattern;
  request.path_params = std::move(found.params);
  auto call = [&route, &request]() -> Response { return route.handler(request); };
  switch (route.lane) {
    case Lane::kInline: co_return call();
    case Lane::kDatabase: co_return co_await run_on(database_pool, call);
    case Lane::kDatabaseWrite: co_return co_await run_on(write_pool, call);
    case Lane::kPassword: {
      if (pending_password_jobs.fetch_add(1) >= options.max_pending_password_jobs) {
        pending_password_jobs.fetch_sub(1);
        co_return problem(domain::Error(ErrorCode::kUnavailable, "Too many sign-ins in progress; retry shortly.").with_retry_after(1),
                          request.request_id);
      }
      struct Release {
        std::atomic<int>& counter;
        ~Release() { counter.fetch_sub(1); }
      } release{pending_password_jobs};
      co_return co_await run_on(password_pool, call);
    }
  }
  co_return problem(ErrorCode::kInternal, "Unknown lane.", request.request_id);
}

asio::awaitable<void> Server::Impl::session(tcp::socket socket) {
  open_connections.fetch_add(1);
  beast::tcp_stream stream(std::move(socket));
  stream.socket().set_option(tcp::no_delay(true));
  auto connection = std::make_shared<Connection>();
  connection->stream = &stream;
  std::uint64_t connection_id = 0;
  {
    const std::lock_guard lock(connections_mutex);
    connection_id = next_connection_id++;
    connections.emplace(connection_id, std::pair{stream.get_executor(), connection});
  }
  beast::flat_buffer buffer;
  bool keep_alive = true;

  while (keep_alive && !stopping) {
    // Idle: wait for the first byte of the next request, within the idle timeout.
    if (buffer.size() == 0) {
      stream.expires_after(options.idle_timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), asio::as_tuple(asio::use_awaitable));
      if (ec) break;
      buffer.commit(n);
    }
    connection->busy = true;
    const auto started = std::chrono::steady_clock::now();
    // The whole request must arrive within the request timeout: slow clients cannot pin a connection.
    stream.expires_after(options.request_timeout);
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    // Beast compares Content-Length with the limit while it parses the header, so the header is
    // read under the largest limit of any route, and the request's own limit is applied after it.
    parser.body_limit(header_body_limit);

    Request request;
    std::string route_name = "unmatched";
    Response response;
    auto [header_ec, header_n] = co_await bhttp::async_read_header(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    bool read_failed = false;
    if (!header_ec) {
      const auto& head = parser.get();
      const auto id = head["X-Request-Id"];
      request.request_id = is_valid_request_id(std::string_view(id.data(), id.size())) ? std::string(id) : new_request_id();
      request.method = std::string(head.method_string());
      // Routes that take large documents (import) raise the limit before the body is read.
      std::size_t body_limit = options.max_body_bytes;
      if (auto target = boost::urls::parse_origin_form(std::string_view(head.target().data(), head.target().size()))) {
        auto match = router.match(request.method, target->path());
        if (auto* found = std::get_if<RouteMatch>(&match); found && found->route->body_limit > 0)
          body_limit = found->route->body_limit;
      }
      parser.body_limit(body_limit);
      if (const auto length = parser.content_length(); length && *length > body_limit) {
        header_ec = bhttp::error::body_limit;  // refused from the header alone: none of the body is read
      } else {
        auto [body_ec, body_n] = co_await bhttp::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
        header_ec = body_ec;
      }
    } else {
      request.request_id = new_request_id();
    }
    if (header_ec) {
      read_failed = true;
      keep_alive = false;
      if (header_ec == bhttp::error::end_of_stream || header_ec == asio::error::eof || header_ec == beast::error::timeout ||
          header_ec == asio::error::connection_reset || header_ec == asio::error::operation_aborted) {
        if (header_ec != beast::error::timeout) break;
        // A client that stalls mid-request gets a 408 it may or may not read, then the door.
        response = problem(ErrorCode::kMalformed, "The request was not received in time.", request.request_id);
        response.status = 408;
      } else if (header_ec == bhttp::error::body_limit) {
        response = problem(ErrorCode::kPayloadTooLarge, "The request body is larger than the limit.", request.request_id);
      } else if (header_ec == bhttp::error::header_limit) {
        response = problem(ErrorCode::kHeadersTooLarge, "The request headers are larger than the limit.", request.request_id);
      } else {
        response = problem(ErrorCode::kMalformed, "The request is not valid HTTP/1.1.", request.request_id);
      }
    } else {
      auto message = parser.release();
      keep_alive = message.keep_alive();
      const std::string_view target(message.target().data(), message.target().size());
      for (const auto& field : message) request.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
      request.body = std::move(message.body());
      request.client_address = client_address(stream.socket(), request);
      if (!read_request_target(target, request)) {
        response = problem(ErrorCode::kMalformed, "The request target is not a valid path and query.", request.request_id);
      } else {
        try {
          response = co_await dispatch(request, route_name);
        } catch (const domain::Error& error) {
          response = problem(error, request.request_id);
        } catch (const std::exception& error) {
          logger.error("unhandled exception", {{"request_id", std::string_view(request.request_id)}, {"what", std::string_view(error.what())}});
          response = problem(ErrorCode::kInternal, "An unexpected error occurred.", request.request_id);
        }
      }
    }

    if (stopping) keep_alive = false;
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(response.status), 11};
    if (!response.content_type.empty()) out.set(bhttp::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) out.set(name, value);
    decorate(out, request);
    out.keep_alive(keep_alive);
    const bool head_request = request.method == "HEAD";
    out.body() = std::move(response.body);
    out.prepare_payload();
    if (head_request) out.body().clear();
    stream.expires_after(options.request_timeout);
    auto [write_ec, written] = co_await bhttp::async_write(stream, out, asio::as_tuple(asio::use_awaitable));
    const auto duration = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    logger.info("request", {{"request_id", std::string_view(request.request_id)},
                            {"method", std::string_view(request.method)},
                            {"route", std::string_view(route_name)},
                            {"status", static_cast<long long>(response.status)},
                            {"duration_us", static_cast<long long>(duration.count())},
                            {"bytes", static_cast<long long>(written)},
                            {"client", std::string_view(request.client_address)}});
    if (observer) observer->on_request(request.method, route_name, response.status, duration);
    connection->busy = false;
    if (write_ec || read_failed) break;
  }

  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  connection->stream = nullptr;
  {
    const std::lock_guard lock(connections_mutex);
    connections.erase(connection_id);
  }
  if (open_connections.fetch_sub(1) == 1 && stopping) {
    asio::post(ioc, [this] { shutdown_timer.cancel(); });
  }
}

}  // namespace habitd::http
