#pragma once
// The client's address: the peer, or, behind a trusted proxy, the hop its X-Forwarded-For names.
#include <string>
#include <string_view>
#include <vector>

namespace habitd::http {

class ClientAddress {
 public:
  explicit ClientAddress(std::vector<std::string> trusted_proxies) : trusted_(std::move(trusted_proxies)) {}

  // `forwarded_for` is the X-Forwarded-For header, if any.
  [[nodiscard]] std::string of(const std::string& peer, std::string_view forwarded_for) const;

 private:
  [[nodiscard]] bool is_trusted(std::string_view address) const;
  std::vector<std::string> trusted_;
};

}  // namespace habitd::http
