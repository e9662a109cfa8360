#include "security/access_tokens.hpp"

#include <jwt/jwt.hpp>

#include "security/random.hpp"

namespace habitd::security {
namespace {

// The library checks exp against the real clock; ours is injected, so the library's own check is
// neutralised with a wide leeway and the time claims are checked below against our clock.
constexpr std::uint32_t kLibraryLeeway = 10U * 365 * 24 * 3600;

}  // namespace

AccessTokens::AccessTokens(AccessTokenSettings settings, const util::Clock& clock)
    : settings_(std::move(settings)), clock_(clock) {}

IssuedToken AccessTokens::issue(std::string_view user_id) const {
  using namespace jwt::params;
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  const auto jti_bytes = random_bytes(12);
  jwt::jwt_object object{algorithm("HS256"), secret(settings_.secret),
                         payload({{"sub", std::string(user_id)}, {"iss", settings_.issuer},
                                  {"jti", base64url(jti_bytes.data(), jti_bytes.size())}})};
  object.add_claim("iat", now);
  object.add_claim("exp", now + static_cast<std::int64_t>(settings_.ttl.count()));
  return IssuedToken{object.signature(), settings_.ttl};
}

std::optional<std::string> AccessTokens::verify(std::string_view token) const {
  if (auto subject = verify_with(token, settings_.secret)) return subject;
  if (!settings_.previous_secret.empty()) return verify_with(token, settings_.previous_secret);
  return std::nullopt;
}

std::optional<std::string> AccessTokens::verify_with(std::string_view token, const std::string& key) const {
  using namespace jwt::params;
  try {
    std::error_code ec;
    auto decoded = jwt::decode(jwt::string_view(token.data(), token.size()), algorithms({"HS256"}), ec, secret(key),
                               issuer(settings_.issuer), leeway(kLibraryLeeway), jwt::params::verify(true));
    if (ec) return std::nullopt;
    if (decoded.header().algo() != jwt::algorithm::HS256) return std::nullopt;
    const auto& claims = decoded.payload();
    if (!claims.has_claim("exp") || !claims.has_claim("sub") || !claims.has_claim("iat")) return std::nullopt;
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
    const auto leeway_s = settings_.leeway.count();
    const auto exp = claims.get_claim_value<std::int64_t>("exp");
    const auto iat = claims.get_claim_value<std::int64_t>("iat");
    if (now > exp + leeway_s) return std::nullopt;
    if (iat > now + leeway_s) return std::nullopt;  // issued in the future: not yet valid
    if (claims.has_claim("nbf") && claims.get_claim_value<std::int64_t>("nbf") > now + leeway_s) return std::nullopt;
    auto subject = claims.get_claim_value<std::string>("sub");
    if (subject.empty()) return std::nullopt;
    return subject;
  } catch (...) {
    // Malformed input of any kind is simply not a valid token.
    return std::nullopt;
  }
}

}  // namespace habitd::security
