#pragma once
// Webhook secrets and signatures of the Standard Webhooks specification
// (https://www.standardwebhooks.com): secret "whsec_" + base64(key), signature
// "v1," + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace habitd::security {

inline constexpr std::string_view kWebhookSecretPrefix = "whsec_";

// "whsec_" followed by the standard base64 of 32 random bytes.
[[nodiscard]] std::string new_webhook_secret();
// The key a secret stands for (the base64 after "whsec_"), or nullopt when it is not one.
[[nodiscard]] std::optional<std::vector<unsigned char>> webhook_key(std::string_view secret);
// The webhook-signature header's value for one delivery; throws std::invalid_argument for a bad secret.
[[nodiscard]] std::string webhook_signature(std::string_view secret, std::string_view id, std::int64_t timestamp,
                                            std::string_view body);

// Standard base64 (with padding), as the specification uses.
[[nodiscard]] std::string base64(const unsigned char* data, std::size_t size);
[[nodiscard]] std::optional<std::vector<unsigned char>> base64_decode(std::string_view text);

}  // namespace habitd::security
