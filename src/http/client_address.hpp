#pragma once
// The client's address: the peer, or, behind trusted proxies, the right-most X-Forwarded-For hop
// that is not one of them.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace habitd::http {

// An address range, "10.0.0.0/8", "2001:db8::/32", or one address ("127.0.0.1", a /32 or /128).
// IPv4 is kept as IPv4-mapped IPv6, so "::ffff:10.1.2.3" (a dual-stack peer) is inside 10.0.0.0/8.
class AddressRange {
 public:
  // nullopt when `text` is neither an address nor an address/prefix.
  [[nodiscard]] static std::optional<AddressRange> parse(std::string_view text);
  [[nodiscard]] bool contains(std::string_view address) const;

 private:
  std::array<unsigned char, 16> bytes_{};
  int prefix_ = 128;
};

class ClientAddress {
 public:
  // Throws std::invalid_argument naming an entry that is not an address or range.
  explicit ClientAddress(const std::vector<std::string>& trusted_proxies);

  // `forwarded_for` is every X-Forwarded-For line of the request, in order. Each proxy appends the
  // address it received from, so only the hops after the last untrusted one can be believed:
  // a client writes what it likes at the left, or in a line of its own.
  [[nodiscard]] std::string of(const std::string& peer, const std::vector<std::string_view>& forwarded_for) const;

 private:
  [[nodiscard]] bool is_trusted(std::string_view address) const;
  std::vector<AddressRange> trusted_;
};

}  // namespace habitd::http
