#include "service/auth_service.hpp"

#include "domain/error.hpp"
#include "domain/validation.hpp"
#include "security/access_tokens.hpp"
#include "security/login_limiter.hpp"
#include "security/password_hasher.hpp"
#include "security/random.hpp"
#include "util/clock.hpp"
#include "util/time_format.hpp"

namespace habitd::service {

using domain::Error;
using domain::ErrorCode;

namespace {

constexpr std::size_t kRefreshTokenBytes = 32;  // 256 bits

Error bad_credentials() { return Error(ErrorCode::kUnauthenticated, "Invalid login or password."); }
Error invalid_refresh_token() { return Error(ErrorCode::kUnauthenticated, "The refresh token is invalid, expired or already used."); }

}  // namespace

AuthService::AuthService(const store::UserStore& users, const security::PasswordHasher& hasher,
                         const security::AccessTokens& tokens, security::LoginLimiter& limiter, const util::Clock& clock,
                         std::chrono::seconds refresh_ttl)
    : users_(users), hasher_(hasher), tokens_(tokens), limiter_(limiter), clock_(clock), refresh_ttl_(refresh_ttl) {}

std::int64_t AuthService::now_micros() const { return util::to_micros(clock_.now()); }

domain::User AuthService::register_user(const RegisterInput& input) const {
  store::UserRecord record;
  record.user.id = security::new_id();
  record.user.email = input.email;
  record.user.username = input.username;
  record.user.timezone = input.timezone;
  record.user.day_start_minutes = input.day_start_minutes;
  record.user.created_at = record.user.updated_at = now_micros();
  record.password_hash = hasher_.hash(input.password);
  users_.create(record);
  return record.user;
}

TokenPair AuthService::issue_tokens(const std::string& user_id) const {
  const auto access = tokens_.issue(user_id);
  const auto bytes = security::random_bytes(kRefreshTokenBytes);
  TokenPair pair{access.token, access.expires_in.count(), security::base64url(bytes.data(), bytes.size())};
  store::RefreshTokenRow row{security::new_id(), user_id, security::new_id(), security::sha256_hex(pair.refresh_token),
                             util::to_micros(clock_.now() + refresh_ttl_)};
  users_.insert_refresh_token(row, now_micros());
  return pair;
}

TokenPair AuthService::login(const std::string& login, const std::string& password, const std::string& client_address) const {
  const std::string account = domain::fold_case(login);
  if (auto wait = limiter_.retry_after(account, client_address, clock_.now()))
    throw Error(ErrorCode::kRateLimited, "Too many failed logins; try again later.").with_retry_after(*wait);
  const auto record = users_.find_by_login(login);
  // bcrypt ignores bytes after the 72nd and after a NUL: such a password can never be the right one.
  const bool acceptable = password.size() <= domain::kMaxPasswordBytes && password.find('\0') == std::string::npos;
  // Unknown users cost a real bcrypt verification too, so timing does not reveal who exists.
  const bool valid = record && acceptable ? hasher_.verify(password, record->password_hash)
                                          : (hasher_.verify_dummy(password), false);
  if (!valid) {
    limiter_.record_failure(account, client_address, clock_.now());
    throw bad_credentials();
  }
  limiter_.record_success(account);
  return issue_tokens(record->user.id);
}

TokenPair AuthService::refresh(const std::string& refresh_token) const {
  if (refresh_token.empty() || refresh_token.size() > 256) throw invalid_refresh_token();
  const auto bytes = security::random_bytes(kRefreshTokenBytes);
  const std::string successor_token = security::base64url(bytes.data(), bytes.size());
  store::RefreshTokenRow successor{security::new_id(), {}, {}, security::sha256_hex(successor_token),
                                   util::to_micros(clock_.now() + refresh_ttl_)};
  const auto result = users_.rotate_refresh_token(security::sha256_hex(refresh_token), successor, now_micros());
  if (result.outcome != store::RotateOutcome::kRotated) throw invalid_refresh_token();
  const auto access = tokens_.issue(result.user_id);
  return TokenPair{access.token, access.expires_in.count(), successor_token};
}

void AuthService::logout(const std::string& refresh_token) const {
  if (refresh_token.empty() || refresh_token.size() > 256 ||
      !users_.revoke_refresh_family(security::sha256_hex(refresh_token), now_micros()))
    throw invalid_refresh_token();
}

std::string AuthService::authenticate(std::optional<std::string_view> authorization) const {
  const auto unauthenticated = [](const char* why) { return Error(ErrorCode::kUnauthenticated, why); };
  if (!authorization) throw unauthenticated("An Authorization: Bearer access token is required.");
  const auto token = security::bearer_credentials(*authorization);
  if (!token) throw unauthenticated("The Authorization header must use the Bearer scheme.");
  auto user_id = tokens_.verify(*token);
  if (!user_id) throw unauthenticated("The access token is invalid or expired.");
  return *user_id;
}

domain::User AuthService::get_user(const std::string& user_id) const {
  auto record = users_.find_by_id(user_id);
  if (!record) throw Error(ErrorCode::kUnauthenticated, "The account no longer exists.");
  return record->user;
}

domain::User AuthService::update_user(const std::string& user_id, const store::UserChanges& changes) const {
  auto user = users_.update(user_id, changes, now_micros());
  if (!user) throw Error(ErrorCode::kUnauthenticated, "The account no longer exists.");
  return *user;
}

store::UserRecord AuthService::require_password(const std::string& user_id, const std::string& password, const char* field) const {
  auto record = users_.find_by_id(user_id);
  if (!record) throw Error(ErrorCode::kUnauthenticated, "The account no longer exists.");
  if (!hasher_.verify(password, record->password_hash))
    throw Error(ErrorCode::kValidation, "The password is incorrect.", {{field, "is incorrect"}});
  return *record;
}

void AuthService::change_password(const std::string& user_id, const std::string& current_password,
                                  const std::string& new_password) const {
  (void)require_password(user_id, current_password, "current_password");
  users_.change_password(user_id, hasher_.hash(new_password), now_micros());
}

void AuthService::delete_user(const std::string& user_id, const std::string& password) const {
  (void)require_password(user_id, password, "password");
  users_.remove(user_id);
}

}  // namespace habitd::service
