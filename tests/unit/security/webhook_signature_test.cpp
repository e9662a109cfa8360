#include "security/webhook_signature.hpp"

#include <gtest/gtest.h>

#include <string>

namespace habitd::security {
namespace {

// The test vector published with the Standard Webhooks specification.
TEST(WebhookSignature, MatchesTheSpecificationsTestVector) {
  EXPECT_EQ(webhook_signature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                              R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSignature, ChangesWithEveryPartOfTheSignedContent) {
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const auto base = webhook_signature(secret, "msg_1", 1614265330, "{}");
  EXPECT_NE(webhook_signature(secret, "msg_2", 1614265330, "{}"), base);
  EXPECT_NE(webhook_signature(secret, "msg_1", 1614265331, "{}"), base);
  EXPECT_NE(webhook_signature(secret, "msg_1", 1614265330, "{ }"), base);
  EXPECT_NE(webhook_signature(new_webhook_secret(), "msg_1", 1614265330, "{}"), base);
}

TEST(WebhookSecret, IsWhsecAndTheBase64OfAtLeast24RandomBytes) {
  const auto secret = new_webhook_secret();
  ASSERT_TRUE(secret.starts_with("whsec_"));
  const auto key = webhook_key(secret);
  ASSERT_TRUE(key);
  EXPECT_GE(key->size(), 24U);
  EXPECT_NE(new_webhook_secret(), secret);
  EXPECT_FALSE(webhook_key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
  EXPECT_FALSE(webhook_key("whsec_not*base64"));
  EXPECT_THROW((void)webhook_signature("whsec_", "id", 1, "{}"), std::invalid_argument);
}

TEST(Base64, RoundTripsEveryLength) {
  std::string text;
  for (int n = 0; n < 40; ++n) {
    const auto encoded = base64(reinterpret_cast<const unsigned char*>(text.data()), text.size());
    if (!text.empty()) {
      const auto decoded = base64_decode(encoded);
      ASSERT_TRUE(decoded) << n;
      EXPECT_EQ(std::string(decoded->begin(), decoded->end()), text);
    }
    text += static_cast<char>('a' + n % 26 + (n % 3 == 0 ? 100 : 0));
  }
  EXPECT_EQ(base64(reinterpret_cast<const unsigned char*>("hi"), 2), "aGk=");
}

}  // namespace
}  // namespace habitd::security
