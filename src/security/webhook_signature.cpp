#include "security/webhook_signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "security/random.hpp"

namespace habitd::security {

std::string base64(const unsigned char* data, std::size_t size) {
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::optional<std::vector<unsigned char>> base64_decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  for (const char c : text)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '='))
      return std::nullopt;
  std::vector<unsigned char> out(3 * text.size() / 4 + 1);
  const int written =
      EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (written < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes: drop them.
  auto size = static_cast<std::size_t>(written);
  if (text.ends_with("==")) {
    size -= 2;
  } else if (text.ends_with("=")) {
    size -= 1;
  }
  out.resize(size);
  return out;
}

std::string new_webhook_secret() {
  const auto bytes = random_bytes(32);
  return std::string(kWebhookSecretPrefix) + base64(bytes.data(), bytes.size());
}

std::optional<std::vector<unsigned char>> webhook_key(std::string_view secret) {
  if (!secret.starts_with(kWebhookSecretPrefix)) return std::nullopt;
  return base64_decode(secret.substr(kWebhookSecretPrefix.size()));
}

std::string webhook_signature(std::string_view secret, std::string_view id, std::int64_t timestamp, std::string_view body) {
  const auto key = webhook_key(secret);
  if (!key || key->empty()) throw std::invalid_argument("not a webhook secret");
  const std::string signed_content = std::string(id) + "." + std::to_string(timestamp) + "." + std::string(body);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  if (HMAC(EVP_sha256(), key->data(), static_cast<int>(key->size()),
           reinterpret_cast<const unsigned char*>(signed_content.data()), signed_content.size(), digest, &digest_size) == nullptr)
    throw std::runtime_error("HMAC-SHA256 failed");
  return "v1," + base64(digest, digest_size);
}

}  // namespace habitd::security
