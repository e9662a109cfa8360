#pragma once
// An HTTP/1.1 client for webhook deliveries: POST over HTTP or HTTPS (OpenSSL, with certificate
// and host-name verification), with connect, write and read timeouts, no redirects followed, and
// protection against server-side request forgery: it only connects to public addresses (unless
// `allow_private`), judged on the addresses a name resolves to and again on the address actually
// connected to, so a name that resolves to an internal address is refused whatever it was when
// the webhook was created (DNS rebinding). Knows nothing about habits or webhooks' storage.
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/name_lookup.hpp"

namespace habitd::http {

struct OutboundOptions {
  bool allow_private = false;  // HABITS_WEBHOOK_ALLOW_PRIVATE=1: tests and private networks
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds write_timeout{10'000};
  std::chrono::milliseconds read_timeout{10'000};
  std::string extra_ca_file;  // tests: trust this PEM certificate too (besides the system's)
};

struct OutboundResult {
  std::optional<int> status_code;    // none when no answer came
  std::optional<std::string> error;  // why not (client-safe: no internals)
  std::chrono::microseconds elapsed{0};
};

struct WebhookUrl {
  bool tls = false;
  std::string host;    // without brackets for IPv6
  std::string port;    // "80", "443" or as given
  std::string target;  // path and query, "/" at least
};

// http(s)://host[:port]/path?query with no user info; else nullopt and `why`.
[[nodiscard]] std::optional<WebhookUrl> parse_webhook_url(std::string_view url, std::string& why);

// Why `url` may not be used as a webhook (client-safe), or nullopt. A host that is or resolves to
// an internal address is refused unless `allow_private`; a name that does not resolve (through
// `lookup`, in its time) is accepted, and judged again at every delivery.
[[nodiscard]] std::optional<std::string> webhook_url_refusal(std::string_view url, bool allow_private, const NameLookup& lookup);

class OutboundClient {
 public:
  explicit OutboundClient(OutboundOptions options);
  ~OutboundClient();
  OutboundClient(const OutboundClient&) = delete;
  OutboundClient& operator=(const OutboundClient&) = delete;

  // POSTs `body` to `url`; any thread may call it, each call runs on its own I/O context.
  [[nodiscard]] OutboundResult post(std::string_view url, const std::vector<std::pair<std::string, std::string>>& headers,
                                    const std::string& body) const;

 private:
  struct Tls;
  OutboundOptions options_;
  std::unique_ptr<Tls> tls_;
  NameLookup lookup_;  // within connect_timeout
};

}  // namespace habitd::http
