#include "domain/address_policy.hpp"

#include <cstddef>

namespace habitd::domain {
namespace {

// Whether the first `bits` bits of `address` equal those of `prefix`.
template <std::size_t N>
bool in_prefix(const std::array<unsigned char, N>& address, const std::array<unsigned char, N>& prefix, int bits) {
  for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
    const unsigned mask = bits >= 8 ? 0xFFU : (0xFFU << (8 - bits)) & 0xFFU;
    if ((address.at(i) & mask) != (prefix.at(i) & mask)) return false;
  }
  return true;
}

bool in_v4(const Ipv4Bytes& a, unsigned char b0, unsigned char b1, unsigned char b2, int bits) {
  return in_prefix(a, Ipv4Bytes{b0, b1, b2, 0}, bits);
}

Ipv4Bytes v4_at(const Ipv6Bytes& a, std::size_t offset) {
  return {a.at(offset), a.at(offset + 1), a.at(offset + 2), a.at(offset + 3)};
}

}  // namespace

AddressClass classify_address(const Ipv4Bytes& a) {
  if (in_v4(a, 0, 0, 0, 8)) return AddressClass::kUnspecified;
  if (in_v4(a, 127, 0, 0, 8)) return AddressClass::kLoopback;
  if (in_v4(a, 10, 0, 0, 8) || in_v4(a, 172, 16, 0, 12) || in_v4(a, 192, 168, 0, 16)) return AddressClass::kPrivate;
  if (in_v4(a, 169, 254, 0, 16)) return AddressClass::kLinkLocal;
  if (in_v4(a, 100, 64, 0, 10)) return AddressClass::kSharedCgnat;
  if (in_v4(a, 224, 0, 0, 4)) return AddressClass::kMulticast;
  if (in_v4(a, 240, 0, 0, 4) ||      // reserved, and 255.255.255.255 broadcast
      in_v4(a, 192, 0, 0, 24) ||     // IETF protocol assignments
      in_v4(a, 192, 0, 2, 24) ||     // TEST-NET-1
      in_v4(a, 198, 18, 0, 15) ||    // benchmarking
      in_v4(a, 198, 51, 100, 24) ||  // TEST-NET-2
      in_v4(a, 203, 0, 113, 24) ||   // TEST-NET-3
      in_v4(a, 192, 88, 99, 24))     // 6to4 relay anycast
    return AddressClass::kReserved;
  return AddressClass::kPublic;
}

AddressClass classify_address(const Ipv6Bytes& a) {
  const Ipv6Bytes zero{};
  if (a == zero) return AddressClass::kUnspecified;
  Ipv6Bytes loopback{};
  loopback.back() = 1;
  if (a == loopback) return AddressClass::kLoopback;
  const Ipv6Bytes mapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (in_prefix(a, mapped, 96) || in_prefix(a, zero, 96)) return classify_address(v4_at(a, 12));
  const Ipv6Bytes nat64{0x00, 0x64, 0xFF, 0x9B};
  if (in_prefix(a, nat64, 96)) return classify_address(v4_at(a, 12));
  const Ipv6Bytes six_to_four{0x20, 0x02};
  if (in_prefix(a, six_to_four, 16)) return classify_address(v4_at(a, 2));
  if (in_prefix(a, Ipv6Bytes{0xFC}, 7) || in_prefix(a, Ipv6Bytes{0xFE, 0xC0}, 10)) return AddressClass::kPrivate;
  if (in_prefix(a, Ipv6Bytes{0xFE, 0x80}, 10)) return AddressClass::kLinkLocal;
  if (in_prefix(a, Ipv6Bytes{0xFF}, 8)) return AddressClass::kMulticast;
  if (in_prefix(a, Ipv6Bytes{0x20, 0x01, 0x0D, 0xB8}, 32) ||  // documentation
      in_prefix(a, Ipv6Bytes{0x01, 0x00}, 64) ||              // discard-only
      in_prefix(a, Ipv6Bytes{0x20, 0x01, 0x00, 0x00}, 32) ||  // Teredo (embeds any IPv4 address)
      in_prefix(a, Ipv6Bytes{0x20, 0x01, 0x00, 0x10}, 28))    // ORCHID
    return AddressClass::kReserved;
  return AddressClass::kPublic;
}

std::string_view describe(AddressClass c) {
  switch (c) {
    case AddressClass::kPublic:
      return "public";
    case AddressClass::kUnspecified:
      return "unspecified";
    case AddressClass::kLoopback:
      return "loopback";
    case AddressClass::kPrivate:
      return "private";
    case AddressClass::kLinkLocal:
      return "link-local";
    case AddressClass::kSharedCgnat:
      return "shared (CGNAT)";
    case AddressClass::kMulticast:
      return "multicast";
    case AddressClass::kReserved:
      return "reserved";
  }
  return "reserved";
}

}  // namespace habitd::domain
