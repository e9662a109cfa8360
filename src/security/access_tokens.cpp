#include "security/access_tokens.hpp"

#include <jwt/jwt.hpp>

#include <cstdint>

#include "domain/validation.hpp"
#include "security/random.hpp"

namespace habitd::security {
namespace {

// The library checks exp against the real clock; ours is injected, so the library's own check is
// neutralised with a wide leeway and the time claims are checked below against our clock.
constexpr std::uint32_t kLibraryLeeway = 10U * 365 * 24 * 3600;

// Three non-empty parts of base64url characters: anything else cannot be one of our tokens, and
// cpp-jwt's base64 decoder indexes its table with whatever byte it is given (a byte over 0x7F reads
// outside the table; builds with assertions abort the process).
bool has_jws_shape(std::string_view token) {
  int dots = 0;
  char previous = '.';
  for (const char c : token) {
    const bool base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (c == '.') {
      if (previous == '.') return false;
      ++dots;
    } else if (!base64url) {
      return false;
    }
    previous = c;
  }
  return dots == 2 && previous != '.';
}

// cpp-jwt converts `exp` and `nbf` to integers *before* it checks the signature, and converting a
// number such as 1e300 to an integer is undefined behaviour: anyone could trigger it with an
// unsigned token. So the time claims must be whole numbers that fit in 64 bits before the library
// sees the token. The payload is read with the library's own decoder and JSON parser, so both see
// the same claims (duplicate keys included).
bool time_claims_are_integers(std::string_view token) {
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  const std::string_view encoded = token.substr(first + 1, second - first - 1);
  const auto claims = json_t::parse(jwt::base64_uri_decode(encoded.data(), encoded.size()), nullptr, false);
  if (!claims.is_object()) return false;
  for (const char* name : {"exp", "nbf", "iat"}) {
    const auto found = claims.find(name);
    if (found == claims.end()) continue;
    if (!found->is_number_integer()) return false;
    if (found->is_number_unsigned() && found->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) return false;
  }
  return true;
}

}  // namespace

AccessTokens::AccessTokens(AccessTokenSettings settings, const util::Clock& clock)
    : settings_(std::move(settings)), clock_(clock), verified_(settings_.verified_cache_size) {}

IssuedToken AccessTokens::issue(std::string_view user_id, std::string_view session_id) const {
  using namespace jwt::params;
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  const auto jti_bytes = random_bytes(12);
  jwt::jwt_object object{
      algorithm("HS256"), secret(settings_.secret),
      payload(
          {{"sub", std::string(user_id)}, {"iss", settings_.issuer}, {"jti", base64url(jti_bytes.data(), jti_bytes.size())}})};
  if (!session_id.empty()) object.add_claim("sid", std::string(session_id));
  object.add_claim("iat", now);
  object.add_claim("exp", now + static_cast<std::int64_t>(settings_.ttl.count()));
  return IssuedToken{object.signature(), settings_.ttl};
}

std::optional<std::string> AccessTokens::verify(std::string_view token) const {
  auto verified = verify_session(token);
  if (!verified) return std::nullopt;
  return std::move(verified->user_id);
}

std::optional<VerifiedToken> AccessTokens::verify_session(std::string_view token) const {
  if (auto known = verified_.find(token)) {
    if (is_current(*known)) return std::move(known->token);
    verified_.forget(token);
    return std::nullopt;
  }
  auto verified = verify_with(token, settings_.secret);
  if (!verified && !settings_.previous_secret.empty()) verified = verify_with(token, settings_.previous_secret);
  if (!verified || !is_current(*verified)) return std::nullopt;
  verified_.remember(token, *verified);
  return std::move(verified->token);
}

// The leeway goes on our side of each comparison: a claim near the int64 limits must not overflow.
bool AccessTokens::is_current(const VerifiedClaims& claims) const {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  const auto leeway_s = settings_.leeway.count();
  if (now - leeway_s > claims.expires_at) return false;
  if (claims.issued_at > now + leeway_s) return false;  // issued in the future: not yet valid
  return claims.not_before <= now + leeway_s;
}

std::optional<VerifiedClaims> AccessTokens::verify_with(std::string_view token, const std::string& key) const {
  using namespace jwt::params;
  try {
    // Both checks were found by fuzz/access_token_fuzz.
    if (!has_jws_shape(token) || !time_claims_are_integers(token)) return std::nullopt;
    std::error_code ec;
    auto decoded = jwt::decode(jwt::string_view(token.data(), token.size()), algorithms({"HS256"}), ec, secret(key),
                               issuer(settings_.issuer), leeway(kLibraryLeeway), jwt::params::verify(true));
    if (ec) return std::nullopt;
    if (decoded.header().algo() != jwt::algorithm::HS256) return std::nullopt;
    const auto& claims = decoded.payload();
    if (!claims.has_claim("exp") || !claims.has_claim("sub") || !claims.has_claim("iat")) return std::nullopt;
    VerifiedClaims verified;
    verified.expires_at = claims.get_claim_value<std::int64_t>("exp");
    verified.issued_at = claims.get_claim_value<std::int64_t>("iat");
    verified.not_before = claims.has_claim("nbf") ? claims.get_claim_value<std::int64_t>("nbf") : verified.issued_at;
    verified.token.user_id = claims.get_claim_value<std::string>("sub");
    if (verified.token.user_id.empty()) return std::nullopt;
    if (claims.has_claim("sid")) verified.token.session_id = claims.get_claim_value<std::string>("sid");
    return verified;
  } catch (...) {
    // Malformed input of any kind is simply not a valid token.
    return std::nullopt;
  }
}

std::optional<std::string_view> bearer_credentials(std::string_view authorization) {
  const std::string_view value = domain::trim(authorization);
  if (value.size() < 7 || domain::fold_case(value.substr(0, 7)) != "bearer ") return std::nullopt;
  return domain::trim(value.substr(7));
}

}  // namespace habitd::security
