#include "service/auth_service.hpp"

#include "domain/error.hpp"
#include "domain/validation.hpp"
#include "security/access_tokens.hpp"
#include "security/login_limiter.hpp"
#include "security/password_hasher.hpp"
#include "security/random.hpp"
#include "security/rate_limiter.hpp"
#include "util/clock.hpp"
#include "util/time_format.hpp"

namespace habitd::service {

using domain::Error;
using domain::ErrorCode;

namespace {

constexpr std::size_t kRefreshTokenBytes = 32;  // 256 bits

// bcrypt ignores bytes after the 72nd and after a NUL: such a password can never be the right one.
bool is_checkable(const std::string& password) {
  return password.size() <= domain::kMaxPasswordBytes && password.find('\0') == std::string::npos;
}

// The limiter's name for an account: its id, so that its email and its username share one count.
std::string account_key(const std::string& user_id) { return "id:" + user_id; }

Error too_many_failures() { return Error(ErrorCode::kRateLimited, "Too many failed password attempts; try again later."); }

Error bad_credentials() { return Error(ErrorCode::kUnauthenticated, "Invalid login or password."); }
Error invalid_refresh_token() {
  return Error(ErrorCode::kUnauthenticated, "The refresh token is invalid, expired or already used.");
}

}  // namespace

AuthService::AuthService(const store::UserStore& users, const security::PasswordHasher& hasher,
                         const security::AccessTokens& tokens, security::LoginThrottle& limiter,
                         security::RateLimiter& registrations, const util::Clock& clock, std::chrono::seconds refresh_ttl,
                         std::chrono::seconds session_lifetime)
    : users_(users),
      hasher_(hasher),
      tokens_(tokens),
      limiter_(limiter),
      registrations_(registrations),
      clock_(clock),
      refresh_ttl_(refresh_ttl),
      session_lifetime_(session_lifetime) {}

std::int64_t AuthService::now_micros() const { return util::to_micros(clock_.now()); }

domain::User AuthService::register_user(const RegisterInput& input, const std::string& client_address) const {
  if (const auto decision = registrations_.take(client_address, std::chrono::steady_clock::now()); !decision.allowed)
    throw Error(ErrorCode::kRateLimited, "Too many sign-ups from this address; try again later.")
        .with_retry_after(decision.retry_after);
  // A name that is taken costs a query, not a hash: a flood of duplicates cannot fill the password lane.
  users_.ensure_available(input.email, input.username);
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

TokenPair AuthService::issue_tokens(const std::string& user_id, const std::string& user_agent) const {
  const std::string session_id = security::new_id();  // the refresh-token family
  const auto access = tokens_.issue(user_id, session_id);
  const auto bytes = security::random_bytes(kRefreshTokenBytes);
  TokenPair pair{access.token, access.expires_in.count(), security::base64url(bytes.data(), bytes.size())};
  store::RefreshTokenRow row{security::new_id(), user_id, session_id, security::sha256_hex(pair.refresh_token),
                             util::to_micros(clock_.now() + refresh_ttl_)};
  users_.insert_refresh_token(row, now_micros(), user_agent);
  return pair;
}

std::int64_t AuthService::oldest_session() const { return util::to_micros(clock_.now() - session_lifetime_); }

TokenPair AuthService::login(const std::string& login, const std::string& password, const std::string& client_address,
                             const std::string& user_agent) const {
  const auto record = users_.find_by_login(login);
  // A real account is counted once, whichever of its names the guesses use.
  const std::string account = record ? account_key(record->user.id) : "login:" + domain::fold_case(login);
  if (auto wait = limiter_.retry_after(account, client_address, clock_.now()))
    throw Error(ErrorCode::kRateLimited, "Too many failed logins; try again later.").with_retry_after(*wait);
  // Unknown users cost a real bcrypt verification too, so timing does not reveal who exists.
  const bool valid = record && is_checkable(password) ? hasher_.verify(password, record->password_hash)
                                                      : (hasher_.verify_dummy(password), false);
  if (!valid) {
    limiter_.record_failure(account, client_address, clock_.now());
    throw bad_credentials();
  }
  limiter_.record_success(account);
  // HABITS_BCRYPT_COST changed since this hash was made: the password is at hand, so the hash
  // moves to the new cost now (once per account).
  if (hasher_.needs_rehash(record->password_hash))
    users_.store_rehashed_password(record->user.id, record->password_hash, hasher_.hash(password));
  return issue_tokens(record->user.id, user_agent);
}

TokenPair AuthService::refresh(const std::string& refresh_token) const {
  if (refresh_token.empty() || refresh_token.size() > 256) throw invalid_refresh_token();
  const auto bytes = security::random_bytes(kRefreshTokenBytes);
  const std::string successor_token = security::base64url(bytes.data(), bytes.size());
  store::RefreshTokenRow successor{
      security::new_id(), {}, {}, security::sha256_hex(successor_token), util::to_micros(clock_.now() + refresh_ttl_)};
  const auto result = users_.rotate_refresh_token(security::sha256_hex(refresh_token), successor, now_micros(), oldest_session());
  if (result.outcome != store::RotateOutcome::kRotated) throw invalid_refresh_token();
  const auto access = tokens_.issue(result.user_id, result.session_id);
  return TokenPair{access.token, access.expires_in.count(), successor_token};
}

void AuthService::logout(const std::string& refresh_token) const {
  if (refresh_token.empty() || refresh_token.size() > 256 ||
      !users_.revoke_refresh_family(security::sha256_hex(refresh_token), now_micros()))
    throw invalid_refresh_token();
}

security::VerifiedToken AuthService::authenticate(std::optional<std::string_view> authorization) const {
  const auto unauthenticated = [](const char* why) { return Error(ErrorCode::kUnauthenticated, why); };
  if (!authorization) throw unauthenticated("An Authorization: Bearer access token is required.");
  const auto token = security::bearer_credentials(*authorization);
  if (!token) throw unauthenticated("The Authorization header must use the Bearer scheme.");
  auto verified = tokens_.verify_session(*token);
  if (!verified) throw unauthenticated("The access token is invalid or expired.");
  return std::move(*verified);
}

std::vector<store::SessionRow> AuthService::sessions(const std::string& user_id) const {
  return users_.list_sessions(user_id, now_micros(), oldest_session());
}

void AuthService::end_session(const std::string& user_id, const std::string& session_id) const {
  // An id that is not UUID-shaped names nothing (and its bytes may not be text PostgreSQL takes).
  if (!domain::is_id(session_id) || !users_.end_session(user_id, session_id, now_micros()))
    throw Error(ErrorCode::kNotFound, "No such session.");
}

void AuthService::end_other_sessions(const std::string& user_id, const std::string& current_session) const {
  users_.end_sessions_except(user_id, current_session, now_micros());
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

// A stolen access token must not become a way to guess the account's password: these checks
// count in the same budgets as logins, per account and per address, under the same rules.
store::UserRecord AuthService::require_password(const std::string& user_id, const std::string& password, const char* field,
                                                const std::string& client_address) const {
  auto record = users_.find_by_id(user_id);
  if (!record) throw Error(ErrorCode::kUnauthenticated, "The account no longer exists.");
  const std::string account = account_key(user_id);
  if (auto wait = limiter_.retry_after(account, client_address, clock_.now())) throw too_many_failures().with_retry_after(*wait);
  const bool valid =
      is_checkable(password) ? hasher_.verify(password, record->password_hash) : (hasher_.verify_dummy(password), false);
  if (!valid) {
    limiter_.record_failure(account, client_address, clock_.now());
    throw Error(ErrorCode::kValidation, "The password is incorrect.", {{field, "is incorrect"}});
  }
  limiter_.record_success(account);
  return *record;
}

void AuthService::change_password(const std::string& user_id, const std::string& current_password,
                                  const std::string& new_password, const std::string& client_address) const {
  (void)require_password(user_id, current_password, "current_password", client_address);
  users_.change_password(user_id, hasher_.hash(new_password), now_micros());
}

void AuthService::delete_user(const std::string& user_id, const std::string& password, const std::string& client_address) const {
  (void)require_password(user_id, password, "password", client_address);
  users_.remove(user_id);
}

}  // namespace habitd::service
