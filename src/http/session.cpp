#include "http/session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <memory>

#include "http/problem.hpp"
#include "http/reply.hpp"
#include "http/request_id.hpp"
#include "http/request_target.hpp"

namespace habitd::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using domain::ErrorCode;

namespace {

// The whole request must arrive within the request timeout, so slow clients cannot pin a
// connection. Unlike the stream's own timeout, which closes the socket, this only cancels the
// read: the session can still send its 408 before closing.
class RequestDeadline {
 public:
  RequestDeadline(beast::tcp_stream& stream, std::chrono::seconds limit)
      : state_(std::make_shared<State>()), timer_(stream.get_executor(), limit) {
    stream.expires_never();
    timer_.async_wait([state = state_, &stream](const boost::system::error_code& ec) {
      // Disarmed means the session moved on (the stream may be gone): touch nothing.
      if (ec || !state->armed) return;
      state->expired = true;
      boost::system::error_code ignored;
      stream.socket().cancel(ignored);
    });
  }
  ~RequestDeadline() { disarm(); }
  RequestDeadline(const RequestDeadline&) = delete;
  RequestDeadline& operator=(const RequestDeadline&) = delete;

  void disarm() {
    state_->armed = false;
    timer_.cancel();
  }
  [[nodiscard]] bool expired() const { return state_->expired; }

 private:
  struct State {
    bool armed = true;
    bool expired = false;
  };
  std::shared_ptr<State> state_;
  asio::steady_timer timer_;
};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string peer_of(const tcp::socket& socket) {
  boost::system::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  return ec ? std::string("unknown") : peer.address().to_string();
}

bool is_disconnect(const boost::system::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::operation_aborted || ec == asio::error::broken_pipe;
}

// The answer to a request that could not be read whole; nullopt when the client simply left.
std::optional<Response> read_failure(const boost::system::error_code& ec, bool timed_out, const std::string& request_id) {
  if (timed_out) return problem(ErrorCode::kRequestTimeout, "The request was not received in time.", request_id);
  if (is_disconnect(ec)) return std::nullopt;
  if (ec == bhttp::error::body_limit)
    return problem(ErrorCode::kPayloadTooLarge, "The request body is larger than the limit.", request_id);
  if (ec == bhttp::error::header_limit)
    return problem(ErrorCode::kHeadersTooLarge, "The request headers are larger than the limit.", request_id);
  return problem(ErrorCode::kMalformed, "The request is not valid HTTP/1.1.", request_id);
}

// The parts of the request the dispatcher needs before the body: method, target, headers, ids.
std::optional<Response> read_head(const bhttp::request_parser<bhttp::string_body>& parser, const std::string& peer,
                                  const ClientAddress& client_address, Request& request) {
  const auto& head = parser.get();
  request.method = std::string(head.method_string());
  for (const auto& field : head) request.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
  std::vector<std::string_view> forwarded_for;
  for (const auto& [name, value] : request.headers)
    if (name == "x-forwarded-for") forwarded_for.emplace_back(value);
  request.client_address = client_address.of(peer, forwarded_for);
  if (!read_request_target(std::string_view(head.target().data(), head.target().size()), request))
    return problem(ErrorCode::kMalformed, "The request target is not a valid path and query.", request.request_id);
  return std::nullopt;
}

}  // namespace

asio::awaitable<void> run_session(tcp::socket socket, const SessionContext& context) {
  const SessionLimits& limits = context.limits;
  beast::tcp_stream stream(std::move(socket));
  stream.socket().set_option(tcp::no_delay(true));
  ConnectionRegistry::Entry entry(context.connections, stream);
  const std::string peer = peer_of(stream.socket());
  beast::flat_buffer buffer;
  bool keep_alive = true;

  while (keep_alive && !context.connections.stopping()) {
    // Idle: wait for the first byte of the next request, within the idle timeout.
    if (buffer.size() == 0) {
      stream.expires_after(limits.idle_timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), asio::as_tuple(asio::use_awaitable));
      if (ec) break;
      buffer.commit(n);
    }
    entry.set_busy(true);
    const auto started = std::chrono::steady_clock::now();
    RequestDeadline deadline(stream, limits.request_timeout);
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    parser.body_limit(boost::none);  // the route decides, once the head is read

    Request request;
    Routed routed;
    std::optional<Response> response;
    bool closing = false;  // the connection ends after this answer
    auto [head_ec, head_n] = co_await bhttp::async_read_header(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    const auto id = head_ec ? beast::string_view{} : parser.get()["X-Request-Id"];
    request.request_id = request_id_from(std::string_view(id.data(), id.size()));
    if (head_ec) {
      response = read_failure(head_ec, deadline.expired(), request.request_id);
      if (!response) break;
      closing = true;
    } else if ((response = read_head(parser, peer, context.client_address, request))) {
      closing = true;
    } else {
      keep_alive = parser.get().keep_alive();
      routed = co_await context.dispatcher.route(request);
      if (routed.answer) {
        // Answered from the head alone: a body left unread would be taken for the next request.
        closing = !parser.is_done();
      } else if (const auto length = parser.content_length(); length && *length > routed.body_limit) {
        response = read_failure(bhttp::error::body_limit, false, request.request_id);  // none of the body is read
        closing = true;
      } else {
        parser.body_limit(routed.body_limit);
        auto [body_ec, body_n] = co_await bhttp::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
        if (body_ec) {
          response = read_failure(body_ec, deadline.expired(), request.request_id);
          if (!response) break;
          closing = true;
        } else {
          request.body = std::move(parser.get().body());
        }
      }
    }
    deadline.disarm();
    if (!response) response = co_await context.dispatcher.handle(routed, request);
    if (closing || context.connections.stopping()) keep_alive = false;

    const int status = response->status;
    const auto outcome =
        co_await write_reply(stream, std::move(*response), request, keep_alive, context.cors, limits.request_timeout);
    const auto duration = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    context.logger.info("request", {{"request_id", std::string_view(request.request_id)},
                                    {"method", std::string_view(request.method)},
                                    {"route", std::string_view(routed.route_name)},
                                    {"status", static_cast<long long>(status)},
                                    {"duration_us", static_cast<long long>(duration.count())},
                                    {"bytes", static_cast<long long>(outcome.bytes)},
                                    {"client", std::string_view(request.client_address)}});
    if (context.observer) context.observer->on_request(request.method, routed.route_name, status, duration);
    entry.set_busy(false);
    if (!outcome.written) break;
  }

  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace habitd::http
