// The Authorization header and JWT verification. The first byte picks the form (its value
// modulo 3; the seeds use '0'..'2'):
//   0: the rest is the header value, checked as the server checks every request;
//   1: the rest is "<JOSE header JSON>\n<claims JSON>", signed with the server's own secret, so
//      the fuzzer reaches the claim checks behind the signature (types, times, subject);
//   2: the rest is a subject: a token issued for it must verify to it.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "security/access_tokens.hpp"
#include "security/random.hpp"

namespace habitd::fuzz {
namespace {

constexpr std::string_view kSecret = "fuzz-secret-fuzz-secret-fuzz-secret-48-bytes!!!!";
// The clock stands still at 2026-11-26T12:00:00Z; seeds carry iat/exp around it.
constexpr std::int64_t kNow = 1'795'694'400;

class FixedClock final : public util::Clock {
 public:
  [[nodiscard]] std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::time_point(std::chrono::seconds(kNow));
  }
};

std::string encode(std::string_view text) {
  return security::base64url(reinterpret_cast<const unsigned char*>(text.data()), text.size());
}

// header.claims.signature, HS256 over the first two parts with our secret.
std::string sign(std::string_view header, std::string_view claims) {
  const std::string input = encode(header) + "." + encode(claims);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), kSecret.data(), static_cast<int>(kSecret.size()), reinterpret_cast<const unsigned char*>(input.data()),
       input.size(), mac, &length);
  return input + "." + security::base64url(mac, length);
}

bool is_printable_ascii(std::string_view text) {
  for (const char c : text)
    if (c < 0x20 || c > 0x7E) return false;
  return true;
}

}  // namespace
}  // namespace habitd::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace habitd;
  static const fuzz::FixedClock clock;
  static const security::AccessTokens tokens(
      security::AccessTokenSettings{
          std::string(fuzz::kSecret), {}, "habitd", std::chrono::seconds(900), std::chrono::seconds(30)},
      clock);
  if (size == 0) return 0;
  const auto rest = fuzz::as_text(data + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      if (const auto token = security::bearer_credentials(rest)) static_cast<void>(tokens.verify(*token));
      break;
    }
    case 1: {
      const auto newline = rest.find('\n');
      if (newline == std::string_view::npos) break;
      const auto subject = tokens.verify(fuzz::sign(rest.substr(0, newline), rest.substr(newline + 1)));
      fuzz::check(!subject || !subject->empty(), "an empty subject was accepted");
      break;
    }
    default: {
      // Subjects are ids we generate, so only printable ASCII is meaningful here.
      if (rest.empty() || !fuzz::is_printable_ascii(rest)) break;
      const auto subject = tokens.verify(tokens.issue(rest).token);
      fuzz::check(subject && *subject == rest, "an issued token does not verify to its subject");
    }
  }
  return 0;
}
