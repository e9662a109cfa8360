// Host name lookups give up at their deadline, however long the resolver takes, and a resolver
// that does not answer cannot pile up more than max_in_flight waiting lookups.
#include "http/name_lookup.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace habitd::http {
namespace {

using namespace std::chrono_literals;

// A resolver that answers 127.0.0.1 once `release` turns true.
NameLookup::Resolve held_until(const std::shared_ptr<std::atomic<bool>>& release) {
  return [release](const std::string&, const std::string& port) {
    while (!*release) std::this_thread::sleep_for(5ms);
    return LookupResult{{{boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::stoi(port))}}, {}};
  };
}

TEST(NameLookup, AnswersWhatTheResolverFinds) {
  const NameLookup lookup(5s, 4, [](const std::string&, const std::string&) {
    return LookupResult{{{boost::asio::ip::make_address("192.0.2.1"), 443}}, {}};
  });
  const auto found = lookup.resolve("example.com", "443");
  ASSERT_FALSE(found.error);
  ASSERT_EQ(found.endpoints.size(), 1U);
  EXPECT_EQ(found.endpoints[0].address().to_string(), "192.0.2.1");
}

TEST(NameLookup, GivesUpAtItsDeadline) {
  auto release = std::make_shared<std::atomic<bool>>(false);
  const NameLookup lookup(100ms, 4, held_until(release));
  const auto started = std::chrono::steady_clock::now();
  const auto found = lookup.resolve("slow.example", "80");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 30s);  // not the resolver's time: it never answers here
  EXPECT_EQ(found.error, "looking the host up timed out");
  EXPECT_TRUE(found.endpoints.empty());
  *release = true;  // the thread left behind ends
}

TEST(NameLookup, RefusesBeyondTheLookupsInFlight) {
  auto release = std::make_shared<std::atomic<bool>>(false);
  const NameLookup lookup(50ms, 1, held_until(release));
  EXPECT_EQ(lookup.resolve("a.example", "80").error, "looking the host up timed out");  // still running
  EXPECT_EQ(lookup.resolve("b.example", "80").error, "too many host name lookups are in progress");
  *release = true;
  // Once the held lookup ended, its place is free again.
  for (int i = 0; i < 400; ++i) {
    const auto found = lookup.resolve("c.example", "80");
    if (!found.error) return;
    std::this_thread::sleep_for(10ms);
  }
  ADD_FAILURE() << "the place of the finished lookup was never freed";
}

TEST(NameLookup, AnAddressIsItsOwnAnswerWithoutTheResolver) {
  const NameLookup lookup(5s, 4, [](const std::string&, const std::string&) { return LookupResult{{}, "never asked"}; });
  const auto found = lookup.resolve("::1", "8443");
  ASSERT_FALSE(found.error);
  ASSERT_EQ(found.endpoints.size(), 1U);
  EXPECT_EQ(found.endpoints[0].address().to_string(), "::1");
  EXPECT_EQ(found.endpoints[0].port(), 8443);
  EXPECT_EQ(lookup.resolve("example.com", "80").error, "never asked");
}

// (A name that does not resolve is not tried here: without a network, the answer may be a timeout.)
TEST(NameLookup, TheSystemResolverFindsLiterals) {
  const NameLookup lookup(5s);
  const auto literal = lookup.resolve("127.0.0.1", "8080");
  ASSERT_FALSE(literal.error);
  EXPECT_EQ(literal.endpoints.at(0).port(), 8080);
}

}  // namespace
}  // namespace habitd::http
