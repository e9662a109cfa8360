#include "http/outbound_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

#include "domain/address_policy.hpp"

namespace habitd::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

struct OutboundClient::Tls {
  ssl::context context{ssl::context::tls_client};
  explicit Tls(const std::string& extra_ca_file) {
    context.set_default_verify_paths();
    if (!extra_ca_file.empty()) context.load_verify_file(extra_ca_file);
    context.set_verify_mode(ssl::verify_peer);
    context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                        ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  }
};

namespace {

domain::AddressClass classify(const asio::ip::address& address) {
  if (address.is_v4()) return domain::classify_address(address.to_v4().to_bytes());
  return domain::classify_address(address.to_v6().to_bytes());
}

// Why `address` may not be reached, or nullopt.
std::optional<std::string> address_refusal(const asio::ip::address& address, bool allow_private) {
  if (allow_private) return std::nullopt;
  const auto kind = classify(address);
  if (!domain::is_internal(kind)) return std::nullopt;
  return "the host is or resolves to a " + std::string(domain::describe(kind)) + " address";
}

struct Exchange {
  const WebhookUrl& url;
  const std::vector<std::pair<std::string, std::string>>& headers;
  const std::string& body;
  const OutboundOptions& options;
  ssl::context& tls;
  const NameLookup& lookup;
  OutboundResult result;
};

std::string failure(const beast::error_code& error, std::string_view stage) {
  if (error == beast::error::timeout) return std::string(stage) + " timed out";
  return std::string(stage) + " failed: " + error.message();
}

template <typename Stream>
asio::awaitable<void> send_and_read(Stream& stream, beast::tcp_stream& tcp, Exchange& x) {
  bhttp::request<bhttp::string_body> request{bhttp::verb::post, x.url.target, 11};
  const bool default_port = x.url.port == (x.url.tls ? "443" : "80");
  const bool v6 = x.url.host.find(':') != std::string::npos;
  request.set(bhttp::field::host, (v6 ? "[" + x.url.host + "]" : x.url.host) + (default_port ? "" : ":" + x.url.port));
  for (const auto& [name, value] : x.headers) request.set(name, value);
  request.set(bhttp::field::connection, "close");
  request.body() = x.body;
  request.prepare_payload();
  tcp.expires_after(x.options.write_timeout);
  auto [write_error, written] = co_await bhttp::async_write(stream, request, asio::as_tuple(asio::use_awaitable));
  (void)written;
  if (write_error) {
    x.result.error = failure(write_error, "sending");
    co_return;
  }
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::empty_body> parser;  // the status is all that counts
  parser.skip(true);
  tcp.expires_after(x.options.read_timeout);
  auto [read_error, read] = co_await bhttp::async_read_header(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
  (void)read;
  if (read_error) {
    x.result.error = failure(read_error, "waiting for the answer");
    co_return;
  }
  const int status = static_cast<int>(parser.get().result_int());
  x.result.status_code = status;
  if (status >= 300 && status < 400) x.result.error = "redirects are not followed";
}

asio::awaitable<void> exchange(Exchange& x) {
  auto executor = co_await asio::this_coro::executor;
  // Blocking, with a deadline: this I/O context serves this one delivery only.
  const auto found = x.lookup.resolve(x.url.host, x.url.port);
  if (found.error) {
    x.result.error = *found.error;
    co_return;
  }
  // Only the addresses that may be reached are tried: a name resolving to internal addresses
  // is refused, whatever it resolved to when the webhook was created.
  std::vector<tcp::endpoint> allowed;
  std::optional<std::string> refused;
  for (const auto& endpoint : found.endpoints) {
    if (auto why = address_refusal(endpoint.address(), x.options.allow_private))
      refused = why;
    else
      allowed.push_back(endpoint);
  }
  if (allowed.empty()) {
    x.result.error = "refused: " + refused.value_or("the host has no address");
    co_return;
  }
  beast::tcp_stream tcp(executor);
  tcp.expires_after(x.options.connect_timeout);
  auto [connect_error, endpoint] = co_await tcp.async_connect(allowed, asio::as_tuple(asio::use_awaitable));
  if (connect_error) {
    x.result.error = failure(connect_error, "connecting");
    co_return;
  }
  // The address actually connected to is judged again.
  if (auto why = address_refusal(endpoint.address(), x.options.allow_private)) {
    x.result.error = "refused: " + *why;
    co_return;
  }
  if (!x.url.tls) {
    co_await send_and_read(tcp, tcp, x);
    beast::error_code ignored;
    tcp.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return;
  }
  beast::ssl_stream<beast::tcp_stream&> tls(tcp, x.tls);
  // SNI (SSL_set_tlsext_host_name, spelled without its C cast).
  if (SSL_ctrl(tls.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               static_cast<void*>(const_cast<char*>(x.url.host.c_str()))) != 1) {
    x.result.error = "TLS setup failed";
    co_return;
  }
  tls.set_verify_callback(ssl::host_name_verification(x.url.host));
  tcp.expires_after(x.options.connect_timeout);
  auto [handshake_error] = co_await tls.async_handshake(ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
  if (handshake_error) {
    x.result.error = failure(handshake_error, "the TLS handshake");
    co_return;
  }
  co_await send_and_read(tls, tcp, x);
  tcp.expires_after(std::chrono::seconds(2));
  auto [shutdown_error] = co_await tls.async_shutdown(asio::as_tuple(asio::use_awaitable));
  (void)shutdown_error;  // receivers often close without a TLS close_notify
}

}  // namespace

std::optional<WebhookUrl> parse_webhook_url(std::string_view text, std::string& why) {
  const auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) {
    why = "must be an absolute http or https URL";
    return std::nullopt;
  }
  const auto& url = *parsed;
  WebhookUrl out;
  if (url.scheme_id() == boost::urls::scheme::https) {
    out.tls = true;
  } else if (url.scheme_id() != boost::urls::scheme::http) {
    why = "must use http or https";
    return std::nullopt;
  }
  if (!url.has_authority() || url.encoded_host().empty()) {
    why = "must name a host";
    return std::nullopt;
  }
  if (url.has_userinfo()) {
    why = "must not carry a user name or password";
    return std::nullopt;
  }
  out.host = std::string(url.host_address());  // IPv6 literals without their brackets
  if (url.has_port()) {
    if (url.port_number() == 0) {
      why = "must have a port between 1 and 65535";
      return std::nullopt;
    }
    out.port = std::to_string(url.port_number());
  } else {
    out.port = out.tls ? "443" : "80";
  }
  out.target = std::string(url.encoded_path());
  if (out.target.empty()) out.target = "/";
  if (url.has_query()) out.target += "?" + std::string(url.encoded_query());
  return out;
}

std::optional<std::string> webhook_url_refusal(std::string_view text, bool allow_private, const NameLookup& lookup) {
  std::string why;
  const auto url = parse_webhook_url(text, why);
  if (!url) return why;
  if (allow_private) return std::nullopt;
  beast::error_code error;
  const auto literal = asio::ip::make_address(url->host, error);
  if (!error) return address_refusal(literal, false);
  const auto found = lookup.resolve(url->host, url->port);
  if (found.error) return std::nullopt;  // not resolvable (yet, or in time): checked again at every delivery
  for (const auto& endpoint : found.endpoints)
    if (auto refusal = address_refusal(endpoint.address(), false)) return refusal;
  return std::nullopt;
}

OutboundClient::OutboundClient(OutboundOptions options)
    : options_(std::move(options)), tls_(std::make_unique<Tls>(options_.extra_ca_file)), lookup_(options_.connect_timeout) {}
OutboundClient::~OutboundClient() = default;

OutboundResult OutboundClient::post(std::string_view url_text, const std::vector<std::pair<std::string, std::string>>& headers,
                                    const std::string& body) const {
  const auto started = std::chrono::steady_clock::now();
  std::string why;
  const auto url = parse_webhook_url(url_text, why);
  if (!url) return OutboundResult{std::nullopt, "the URL " + why, std::chrono::microseconds(0)};
  Exchange x{*url, headers, body, options_, tls_->context, lookup_, {}};
  asio::io_context io;
  const auto on_done = [&x](const std::exception_ptr& failed) {
    if (!failed) return;
    try {
      std::rethrow_exception(failed);
    } catch (const std::exception& error) {
      x.result.status_code.reset();
      x.result.error = std::string("delivery failed: ") + error.what();
    }
  };
  asio::co_spawn(io, exchange(x), on_done);
  io.run();
  x.result.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
  return x.result;
}

}  // namespace habitd::http
