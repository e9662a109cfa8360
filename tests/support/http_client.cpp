#include "http_client.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "contract.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace habitd::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

boost::json::value Reply::json() const { return boost::json::parse(body); }

struct HttpClient::Impl {
  explicit Impl(int p) : port(p) {}
  int port;
  asio::io_context ioc;
  std::unique_ptr<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  void connect() {
    stream = std::make_unique<beast::tcp_stream>(ioc);
    stream->connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
    buffer.clear();
  }
};

HttpClient::HttpClient(int port) : impl_(std::make_unique<Impl>(port)) {}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;

Reply HttpClient::request(const std::string& method, const std::string& target, const std::string& body, const Headers& headers) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!impl_->stream) impl_->connect();
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
    if (req.method() == bhttp::verb::unknown) req.method_string(method);
    req.set(bhttp::field::host, "127.0.0.1");
    bool has_type = false;
    for (std::size_t i = 0; i < headers.size(); ++i) {
      const auto& [name, value] = headers[i];
      // A name given twice is sent as two lines (X-Forwarded-For from a client and from a proxy).
      const bool repeated = std::any_of(headers.begin(), headers.begin() + static_cast<std::ptrdiff_t>(i),
                                        [&](const auto& earlier) { return beast::iequals(earlier.first, name); });
      if (repeated) {
        req.insert(name, value);
      } else {
        req.set(name, value);
      }
      if (beast::iequals(name, "content-type")) has_type = true;
    }
    if (!body.empty() && !has_type) req.set(bhttp::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    beast::error_code ec;
    impl_->stream->expires_after(std::chrono::seconds(60));
    bhttp::write(*impl_->stream, req, ec);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (req.method() == bhttp::verb::head) parser.skip(true);
    if (!ec) bhttp::read(*impl_->stream, impl_->buffer, parser, ec);
    if (ec) {
      // The server may have closed an idle keep-alive connection: reconnect once.
      impl_->stream.reset();
      if (attempt == 0) continue;
      throw beast::system_error(ec);
    }
    auto res = parser.release();
    Reply reply;
    reply.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[name] = std::string(field.value());
    }
    reply.body = std::move(res.body());
    if (!res.keep_alive()) impl_->stream.reset();
    // Every response a test sees is checked against the OpenAPI document.
    for (const auto& problem : contract_problems(method, target, reply.status, reply.header("content-type"), reply.body))
      ADD_FAILURE() << "contract: " << problem;
    return reply;
  }
  throw std::runtime_error("unreachable");
}

Reply HttpClient::post(const std::string& target, const boost::json::value& body, const Headers& headers) {
  return request("POST", target, boost::json::serialize(body), headers);
}

Reply HttpClient::patch(const std::string& target, const boost::json::value& body, const Headers& headers) {
  return request("PATCH", target, boost::json::serialize(body), headers);
}

std::string HttpClient::raw(const std::string& bytes, int timeout_ms) {
  beast::tcp_stream stream(impl_->ioc);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(impl_->port)));
  beast::error_code ec;
  asio::write(stream.socket(), asio::buffer(bytes), ec);
  std::string out;
  char chunk[4096];
  stream.expires_after(std::chrono::milliseconds(timeout_ms));
  while (true) {
    const std::size_t n = stream.read_some(asio::buffer(chunk), ec);
    out.append(chunk, n);
    if (ec) break;
  }
  return out;
}

Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

}  // namespace habitd::test
