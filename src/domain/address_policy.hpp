#pragma once
// Which network addresses a webhook may reach (SSRF protection). Addresses are raw bytes, so
// this stays free of sockets; the caller classifies the address it resolved or connected to.
#include <array>
#include <string_view>

namespace habitd::domain {

enum class AddressClass {
  kPublic,
  kUnspecified,  // 0.0.0.0/8, ::
  kLoopback,     // 127.0.0.0/8, ::1
  kPrivate,      // RFC 1918, RFC 4193 (fc00::/7), deprecated site-local fec0::/10
  kLinkLocal,    // 169.254.0.0/16, fe80::/10
  kSharedCgnat,  // 100.64.0.0/10 (RFC 6598)
  kMulticast,    // 224.0.0.0/4, ff00::/8
  kReserved,     // documentation, benchmarking, protocol assignments, 240.0.0.0/4, broadcast, discard
};

using Ipv4Bytes = std::array<unsigned char, 4>;
using Ipv6Bytes = std::array<unsigned char, 16>;

[[nodiscard]] AddressClass classify_address(const Ipv4Bytes& address);
// IPv6 addresses that embed an IPv4 one (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96, NAT64
// 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address inside.
[[nodiscard]] AddressClass classify_address(const Ipv6Bytes& address);

// Anything but kPublic: loopback, private, link-local, CGNAT, multicast, unspecified, reserved.
[[nodiscard]] constexpr bool is_internal(AddressClass c) { return c != AddressClass::kPublic; }
[[nodiscard]] std::string_view describe(AddressClass c);

}  // namespace habitd::domain
