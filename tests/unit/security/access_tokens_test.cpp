#include "security/access_tokens.hpp"

#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <jwt/jwt.hpp>

#include "security/random.hpp"

namespace habitd::security {
namespace {

class FakeClock final : public util::Clock {
 public:
  std::chrono::system_clock::time_point now() const override { return now_; }
  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::now();
};

const std::string kSecret = "0123456789abcdef0123456789abcdef-secret";

std::string b64(const std::string& text) { return base64url(reinterpret_cast<const unsigned char*>(text.data()), text.size()); }

std::string sign(const std::string& algorithm, const std::string& key, const std::string& issuer, std::int64_t iat,
                 std::int64_t exp) {
  jwt::jwt_object object{jwt::params::algorithm(algorithm), jwt::params::secret(key),
                         jwt::params::payload({{"sub", "user-1"}, {"iss", issuer}})};
  object.add_claim("iat", iat);
  object.add_claim("exp", exp);
  return object.signature();
}

// An HS256 token over raw claims text, so a test can write claims `issue` never would.
std::string signed_token(const std::string& claims) {
  const std::string input = b64(R"({"alg":"HS256","typ":"JWT"})") + "." + b64(claims);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), kSecret.data(), static_cast<int>(kSecret.size()), reinterpret_cast<const unsigned char*>(input.data()),
       input.size(), mac, &length);
  return input + "." + base64url(mac, length);
}

std::int64_t seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

TEST(AccessTokens, IssuedTokenVerifies) {
  FakeClock clock;
  AccessTokens tokens({.secret = kSecret}, clock);
  const auto issued = tokens.issue("user-1");
  EXPECT_EQ(issued.expires_in, std::chrono::seconds(900));
  EXPECT_EQ(tokens.verify(issued.token), "user-1");
}

TEST(AccessTokens, ExpiresAfterTtlPlusLeeway) {
  FakeClock clock;
  AccessTokens tokens({.secret = kSecret, .ttl = std::chrono::seconds(60), .leeway = std::chrono::seconds(5)}, clock);
  const auto issued = tokens.issue("user-1");
  clock.now_ += std::chrono::seconds(64);
  EXPECT_TRUE(tokens.verify(issued.token));
  clock.now_ += std::chrono::seconds(2);
  EXPECT_FALSE(tokens.verify(issued.token));
}

TEST(AccessTokens, NotYetValidTokensAreRefused) {
  FakeClock clock;
  AccessTokens tokens({.secret = kSecret}, clock);
  const auto future = seconds(clock.now_) + 3600;
  EXPECT_FALSE(tokens.verify(sign("HS256", kSecret, "habitd", future, future + 900)));
}

TEST(AccessTokens, WrongSecretIssuerOrAlgorithmIsRefused) {
  FakeClock clock;
  AccessTokens tokens({.secret = kSecret}, clock);
  const auto now = seconds(clock.now_);
  EXPECT_TRUE(tokens.verify(sign("HS256", kSecret, "habitd", now, now + 60)));
  EXPECT_FALSE(tokens.verify(sign("HS256", kSecret + "x", "habitd", now, now + 60)));
  EXPECT_FALSE(tokens.verify(sign("HS256", kSecret, "someone-else", now, now + 60)));
  EXPECT_FALSE(tokens.verify(sign("HS512", kSecret, "habitd", now, now + 60)));
  EXPECT_FALSE(tokens.verify(sign("HS384", kSecret, "habitd", now, now + 60)));
}

TEST(AccessTokens, AlgNoneIsRefused) {
  FakeClock clock;
  AccessTokens tokens({.secret = kSecret}, clock);
  const auto now = seconds(clock.now_);
  const std::string claims =
      b64(R"({"sub":"user-1","iss":"habitd","iat":)" + std::to_string(now) + R"(,"exp":)" + std::to_string(now + 60) + "}");
  for (const std::string header : {R"({"alg":"none","typ":"JWT"})", R"({"alg":"NONE"})", R"({"alg":"None"})"}) {
    EXPECT_FALSE(tokens.verify(b64(header) + "." + claims + "."));
    EXPECT_FALSE(tokens.verify(b64(header) + "." + claims));
  }
}

TEST(AccessTokens, TamperedPayloadIsRefused) {
  FakeClock clock;
  AccessTokens tokens({.secret = kSecret}, clock);
  const std::string token = tokens.issue("user-1").token;
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  const auto now = seconds(clock.now_);
  const std::string forged =
      token.substr(0, first + 1) +
      b64(R"({"sub":"user-2","iss":"habitd","iat":)" + std::to_string(now) + R"(,"exp":)" + std::to_string(now + 60) + "}") +
      token.substr(second);
  EXPECT_FALSE(tokens.verify(forged));
}

TEST(AccessTokens, MissingExpIsRefused) {
  FakeClock clock;
  AccessTokens tokens({.secret = kSecret}, clock);
  jwt::jwt_object object{jwt::params::algorithm("HS256"), jwt::params::secret(kSecret),
                         jwt::params::payload({{"sub", "user-1"}, {"iss", "habitd"}})};
  object.add_claim("iat", seconds(clock.now_));
  EXPECT_FALSE(tokens.verify(object.signature()));
}

TEST(AccessTokens, GarbageIsRefusedWithoutThrowing) {
  FakeClock clock;
  AccessTokens tokens({.secret = kSecret}, clock);
  for (const std::string& garbage :
       std::vector<std::string>{"", ".", "..", "a.b.c", "not a token", std::string(5000, 'x'), "e30.e30.e30"})
    EXPECT_FALSE(tokens.verify(garbage)) << garbage;
}

// cpp-jwt's base64 decoder indexes a 256-entry table with a signed char: a byte over 0x7F read
// outside it (and aborted builds with assertions, such as make test's). Found by fuzz/access_token_fuzz.
TEST(AccessTokens, BytesOutsideBase64urlAreRefusedBeforeTheLibraryDecodes) {
  FakeClock clock;
  AccessTokens tokens({.secret = kSecret}, clock);
  const std::string token = tokens.issue("user-1").token;
  for (const std::string& bad :
       std::vector<std::string>{"\xff" + token, token + "\x80", "e30=.e30.e30", "e30+.e30.e30", "e30..e30", "e30.e30.e30.e30"})
    EXPECT_FALSE(tokens.verify(bad));
  EXPECT_EQ(tokens.verify(token), "user-1");
}

// cpp-jwt converts exp and nbf to unsigned integers before it checks the signature: 1e300 made that
// conversion undefined behaviour for anyone, signed or not. Found by fuzz/access_token_fuzz.
TEST(AccessTokens, TimeClaimsMustBeWholeNumbersEvenBeforeTheSignatureIsChecked) {
  FakeClock clock;
  AccessTokens tokens({.secret = kSecret}, clock);
  const auto now = std::to_string(seconds(clock.now_));
  const std::string header = b64(R"({"alg":"HS256","typ":"JWT"})");
  for (const std::string& claims : {R"({"sub":"u","iss":"habitd","iat":)" + now + R"(,"exp":1e300})",
                                    R"({"sub":"u","iss":"habitd","iat":)" + now + R"(,"exp":)" + now + R"(.5})",
                                    R"({"sub":"u","iss":"habitd","iat":)" + now + R"(,"exp":18446744073709551615})",
                                    R"({"sub":"u","iss":"habitd","iat":1e300,"exp":)" + now + "}",
                                    R"({"sub":"u","iss":"habitd","iat":)" + now + R"(,"exp":)" + now + R"(,"nbf":-1e300})"}) {
    const std::string input = header + "." + b64(claims);
    EXPECT_FALSE(tokens.verify(input + ".c2lnbmF0dXJl")) << claims;
    // The same claims with a valid signature are refused too.
    EXPECT_FALSE(tokens.verify(signed_token(claims))) << claims;
  }
}

// The leeway was added to the claim (exp + 30), which overflowed for an exp near the int64 limit.
TEST(AccessTokens, TimeClaimsAtTheInt64LimitsDoNotOverflow) {
  FakeClock clock;
  AccessTokens tokens({.secret = kSecret}, clock);
  const auto now = std::to_string(seconds(clock.now_));
  EXPECT_EQ(tokens.verify(signed_token(R"({"sub":"u","iss":"habitd","iat":)" + now + R"(,"exp":9223372036854775807})")), "u");
  EXPECT_FALSE(tokens.verify(signed_token(R"({"sub":"u","iss":"habitd","iat":)" + now + R"(,"exp":-9223372036854775808})")));
  EXPECT_FALSE(tokens.verify(signed_token(R"({"sub":"u","iss":"habitd","iat":9223372036854775807,"exp":9223372036854775807})")));
  EXPECT_FALSE(tokens.verify(
      signed_token(R"({"sub":"u","iss":"habitd","iat":)" + now + R"(,"exp":9223372036854775807,"nbf":9223372036854775807})")));
}

TEST(AccessTokens, BearerCredentialsNeedTheBearerScheme) {
  EXPECT_EQ(bearer_credentials("Bearer abc"), "abc");
  EXPECT_EQ(bearer_credentials("  bEARER   abc  "), "abc");
  EXPECT_FALSE(bearer_credentials("Bearer "));  // blanks trimmed: no credentials at all
  EXPECT_EQ(bearer_credentials("Bearer  x"), "x");
  EXPECT_FALSE(bearer_credentials("Basic YWRhOnB3"));
  EXPECT_FALSE(bearer_credentials("Bearerabc"));
  EXPECT_FALSE(bearer_credentials("abc"));
  EXPECT_FALSE(bearer_credentials(""));
}

TEST(AccessTokens, PreviousSecretVerifiesDuringRotation) {
  FakeClock clock;
  const std::string old_secret = "the-old-secret-0123456789abcdef0123456789";
  AccessTokens before({.secret = old_secret}, clock);
  const auto token = before.issue("user-1").token;
  AccessTokens after_without({.secret = kSecret}, clock);
  AccessTokens after_with({.secret = kSecret, .previous_secret = old_secret}, clock);
  EXPECT_FALSE(after_without.verify(token));
  EXPECT_EQ(after_with.verify(token), "user-1");
}

// The verification of a token is remembered; these prove a remembered one is held to every rule.
TEST(AccessTokens, ARememberedTokenStillExpires) {
  FakeClock clock;
  AccessTokens tokens({.secret = kSecret, .ttl = std::chrono::seconds(60), .leeway = std::chrono::seconds(0)}, clock);
  const auto issued = tokens.issue("user-1", "session-1");
  for (int i = 0; i < 3; ++i) {
    const auto verified = tokens.verify_session(issued.token);
    ASSERT_TRUE(verified);
    EXPECT_EQ(verified->user_id, "user-1");
    EXPECT_EQ(verified->session_id, "session-1");
  }
  clock.now_ += std::chrono::seconds(61);
  EXPECT_FALSE(tokens.verify_session(issued.token));
  EXPECT_FALSE(tokens.verify_session(issued.token));
}

TEST(AccessTokens, ATokenRefusedAsNotYetValidIsAcceptedOnceItIs) {
  FakeClock clock;
  AccessTokens tokens({.secret = kSecret, .leeway = std::chrono::seconds(0)}, clock);
  const auto start = seconds(clock.now_) + 10;
  const auto token = sign("HS256", kSecret, "habitd", start, start + 900);
  EXPECT_FALSE(tokens.verify(token));
  clock.now_ += std::chrono::seconds(10);
  EXPECT_EQ(tokens.verify(token), "user-1");
}

TEST(AccessTokens, ATokenDifferingFromARememberedOneByOneByteIsRefused) {
  FakeClock clock;
  AccessTokens tokens({.secret = kSecret}, clock);
  const auto token = tokens.issue("user-1").token;
  ASSERT_TRUE(tokens.verify(token));
  std::string tampered = token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(tokens.verify(tampered));
  EXPECT_FALSE(tokens.verify(token + "A"));
  EXPECT_EQ(tokens.verify(token), "user-1");
}

TEST(AccessTokens, WithoutTheCacheEveryTokenIsVerifiedInFull) {
  FakeClock clock;
  AccessTokens tokens({.secret = kSecret, .ttl = std::chrono::seconds(60), .verified_cache_size = 0}, clock);
  const auto token = tokens.issue("user-1").token;
  EXPECT_EQ(tokens.verify(token), "user-1");
  EXPECT_EQ(tokens.verify(token), "user-1");
  clock.now_ += std::chrono::seconds(120);
  EXPECT_FALSE(tokens.verify(token));
}

TEST(VerifiedTokenCache, HoldsAtMostItsCapacity) {
  VerifiedTokenCache cache(2);
  for (const char* token : {"a", "b", "c", "d"}) cache.remember(token, VerifiedClaims{.token = {.user_id = token}});
  EXPECT_EQ(cache.size(), 2U);
  ASSERT_TRUE(cache.find("d"));
  EXPECT_EQ(cache.find("d")->token.user_id, "d");
  cache.remember("d", VerifiedClaims{.token = {.user_id = "d2"}});
  EXPECT_EQ(cache.size(), 2U);
  EXPECT_EQ(cache.find("d")->token.user_id, "d2");
  cache.forget("d");
  EXPECT_FALSE(cache.find("d"));
}

TEST(VerifiedTokenCache, ACapacityOfZeroRemembersNothing) {
  VerifiedTokenCache cache(0);
  cache.remember("a", VerifiedClaims{});
  EXPECT_EQ(cache.size(), 0U);
  EXPECT_FALSE(cache.find("a"));
}

}  // namespace
}  // namespace habitd::security
