#pragma once
// A small blocking HTTP/1.1 client over one keep-alive connection, for tests.
#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace habitd::test {

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  [[nodiscard]] boost::json::value json() const;
  [[nodiscard]] std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
  [[nodiscard]] bool has_header(const std::string& lower_name) const { return headers.contains(lower_name); }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  explicit HttpClient(int port);
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;

  // Sends a request; a JSON body gets Content-Type application/json unless `headers` sets one.
  Reply request(const std::string& method, const std::string& target, const std::string& body = "", const Headers& headers = {});
  Reply get(const std::string& target, const Headers& headers = {}) { return request("GET", target, "", headers); }
  Reply post(const std::string& target, const boost::json::value& body, const Headers& headers = {});
  Reply patch(const std::string& target, const boost::json::value& body, const Headers& headers = {});
  Reply del(const std::string& target, const Headers& headers = {}) { return request("DELETE", target, "", headers); }

  // Writes raw bytes and reads whatever comes back until the server closes or `timeout_ms` passes.
  std::string raw(const std::string& bytes, int timeout_ms = 3000);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

[[nodiscard]] Headers bearer(const std::string& token);

}  // namespace habitd::test
