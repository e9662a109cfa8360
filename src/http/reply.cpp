#include "http/reply.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>

namespace habitd::http {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;

namespace {

bool has_header(const Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers)
    if (boost::beast::iequals(key, name)) return true;
  return false;
}

}  // namespace

asio::awaitable<ReplyOutcome> write_reply(boost::beast::tcp_stream& stream, Response response, const Request& request,
                                          bool keep_alive, const CorsPolicy& cors, std::chrono::seconds timeout) {
  if (!has_header(response, "Cache-Control")) response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("X-Request-Id", request.request_id);
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  cors.decorate(request, response.headers);

  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(response.status), 11};
  if (!response.content_type.empty()) out.set(bhttp::field::content_type, response.content_type);
  for (auto& [name, value] : response.headers) out.insert(name, value);
  out.keep_alive(keep_alive);
  // A 304 has no body and keeps the Content-Length it would have had out of it (RFC 9110 8.6).
  if (response.status == 304) {
    out.body().clear();
  } else {
    out.body() = std::move(response.body);
    out.prepare_payload();
    if (request.method == "HEAD") out.body().clear();
  }
  stream.expires_after(timeout);
  auto [ec, bytes] = co_await bhttp::async_write(stream, out, asio::as_tuple(asio::use_awaitable));
  co_return ReplyOutcome{!ec, bytes};
}

}  // namespace habitd::http
