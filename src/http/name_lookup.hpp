#pragma once
// Host name lookups with a deadline. getaddrinfo() cannot be cancelled, and a resolver that does
// not answer holds it for tens of seconds (a webhook's creation request, or a delivery thread,
// with it). Each lookup runs on a thread of its own, which the caller leaves behind when the
// deadline passes; the thread ends when the resolver gives up. At most `max_in_flight` lookups
// run at once, so a dead resolver cannot pile threads up: beyond that a lookup fails at once.
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace habitd::http {

struct LookupResult {
  std::vector<boost::asio::ip::tcp::endpoint> endpoints;
  std::optional<std::string> error;  // client-safe
};

class NameLookup {
 public:
  using Resolve = std::function<LookupResult(const std::string& host, const std::string& port)>;
  // `resolve` is the blocking lookup (the system's getaddrinfo unless a test gives another).
  explicit NameLookup(std::chrono::milliseconds timeout, int max_in_flight = 16, Resolve resolve = system_resolve);

  [[nodiscard]] LookupResult resolve(const std::string& host, const std::string& port) const;

  static LookupResult system_resolve(const std::string& host, const std::string& port);

 private:
  struct InFlight;  // shared with the lookups' threads, which may outlive this object
  std::chrono::milliseconds timeout_;
  int max_in_flight_;
  Resolve resolve_;
  std::shared_ptr<InFlight> in_flight_;
};

}  // namespace habitd::http
