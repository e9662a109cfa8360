#include "domain/address_policy.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <string>

namespace habitd::domain {
namespace {

// The test may use the socket library to spell addresses; the code under test does not.
AddressClass of(const std::string& text) {
  Ipv4Bytes v4{};
  if (inet_pton(AF_INET, text.c_str(), v4.data()) == 1) return classify_address(v4);
  Ipv6Bytes v6{};
  if (inet_pton(AF_INET6, text.c_str(), v6.data()) == 1) return classify_address(v6);
  throw std::invalid_argument("not an address: " + text);
}

TEST(AddressPolicy, PublicAddressesAreAllowed) {
  for (const char* text : {"1.1.1.1", "8.8.8.8", "93.184.216.34", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
                           "192.167.255.255", "169.253.1.1", "223.255.255.255", "2606:4700:4700::1111",
                           "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8", "2002:0808:0808::1"})
    EXPECT_EQ(of(text), AddressClass::kPublic) << text;
}

TEST(AddressPolicy, InternalAddressesAreRefusedByKind) {
  const std::pair<const char*, AddressClass> cases[] = {
      {"0.0.0.0", AddressClass::kUnspecified},      {"0.1.2.3", AddressClass::kUnspecified},
      {"::", AddressClass::kUnspecified},           {"127.0.0.1", AddressClass::kLoopback},
      {"127.255.255.254", AddressClass::kLoopback}, {"::1", AddressClass::kLoopback},
      {"10.0.0.1", AddressClass::kPrivate},         {"172.16.0.1", AddressClass::kPrivate},
      {"172.31.255.255", AddressClass::kPrivate},   {"192.168.1.1", AddressClass::kPrivate},
      {"fc00::1", AddressClass::kPrivate},          {"fd12:3456:789a::1", AddressClass::kPrivate},
      {"fec0::1", AddressClass::kPrivate},          {"169.254.169.254", AddressClass::kLinkLocal},
      {"fe80::1", AddressClass::kLinkLocal},        {"febf::1", AddressClass::kLinkLocal},
      {"100.64.0.1", AddressClass::kSharedCgnat},   {"100.127.255.255", AddressClass::kSharedCgnat},
      {"224.0.0.1", AddressClass::kMulticast},      {"239.255.255.250", AddressClass::kMulticast},
      {"ff02::1", AddressClass::kMulticast},        {"255.255.255.255", AddressClass::kReserved},
      {"240.0.0.1", AddressClass::kReserved},       {"192.0.2.1", AddressClass::kReserved},
      {"198.18.0.1", AddressClass::kReserved},      {"2001:db8::1", AddressClass::kReserved},
  };
  for (const auto& [text, expected] : cases) {
    EXPECT_EQ(of(text), expected) << text;
    EXPECT_TRUE(is_internal(of(text))) << text;
  }
}

TEST(AddressPolicy, IPv6FormsOfInternalIPv4AddressesAreJudgedByTheIPv4Address) {
  EXPECT_EQ(of("::ffff:127.0.0.1"), AddressClass::kLoopback);
  EXPECT_EQ(of("::ffff:7f00:1"), AddressClass::kLoopback);
  EXPECT_EQ(of("::ffff:10.1.2.3"), AddressClass::kPrivate);
  EXPECT_EQ(of("::ffff:169.254.169.254"), AddressClass::kLinkLocal);
  EXPECT_EQ(of("::ffff:100.64.1.1"), AddressClass::kSharedCgnat);
  EXPECT_EQ(of("::ffff:0.0.0.0"), AddressClass::kUnspecified);
  EXPECT_EQ(of("::127.0.0.1"), AddressClass::kLoopback);          // IPv4-compatible
  EXPECT_EQ(of("64:ff9b::192.168.0.1"), AddressClass::kPrivate);  // NAT64
  EXPECT_EQ(of("2002:7f00:0001::1"), AddressClass::kLoopback);    // 6to4
}

TEST(AddressPolicy, DescribesEveryClass) {
  EXPECT_EQ(describe(AddressClass::kLoopback), "loopback");
  EXPECT_EQ(describe(AddressClass::kSharedCgnat), "shared (CGNAT)");
  EXPECT_FALSE(is_internal(AddressClass::kPublic));
}

}  // namespace
}  // namespace habitd::domain
