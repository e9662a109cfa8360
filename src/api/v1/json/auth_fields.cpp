#include "api/v1/json/auth_fields.hpp"

#include "domain/validation.hpp"

namespace habitd::api::v1 {
namespace {

// Emails and usernames are trimmed; passwords never are (spaces may be part of them).
std::optional<std::string> read_email(JsonFields& fields, bool required) {
  auto email = fields.string("email", required);
  if (!email) return std::nullopt;
  std::string trimmed(domain::trim(*email));
  if (auto problem = domain::check_email(trimmed)) fields.error("email", *problem);
  return trimmed;
}

std::optional<std::string> read_username(JsonFields& fields, bool required) {
  auto username = fields.string("username", required);
  if (!username) return std::nullopt;
  std::string trimmed(domain::trim(*username));
  if (auto problem = domain::check_username(trimmed)) fields.error("username", *problem);
  return trimmed;
}

std::optional<std::string> read_new_password(JsonFields& fields, const char* name) {
  auto password = fields.string(name, true);
  if (password)
    if (auto problem = domain::check_password(*password)) fields.error(name, *problem);
  return password;
}

std::optional<std::string> read_timezone(JsonFields& fields) {
  auto timezone = fields.string("timezone");
  if (timezone)
    if (auto problem = domain::check_timezone(*timezone)) fields.error("timezone", *problem);
  return timezone;
}

std::optional<int> read_day_start(JsonFields& fields) {
  auto text = fields.string("day_start");
  if (!text) return std::nullopt;
  auto minutes = domain::parse_day_start(*text);
  if (!minutes) fields.error("day_start", "must be a time of day as HH:MM, 00:00 to 23:59");
  return minutes;
}

}  // namespace

service::RegisterInput read_register_input(JsonFields& fields) {
  service::RegisterInput input;
  if (auto email = read_email(fields, true)) input.email = *email;
  if (auto username = read_username(fields, true)) input.username = *username;
  if (auto password = read_new_password(fields, "password")) input.password = *password;
  if (auto timezone = read_timezone(fields)) input.timezone = *timezone;
  if (auto day_start = read_day_start(fields)) input.day_start_minutes = *day_start;
  return input;
}

LoginInput read_login_input(JsonFields& fields) {
  LoginInput input;
  std::optional<std::string> login;
  bool given = false;
  for (const char* key : {"login", "email", "username"}) {
    if (!fields.has(key)) continue;
    given = true;
    login = fields.string(key);  // a wrong type is recorded under its own name
    if (login) input.login = std::string(domain::trim(*login));
    break;
  }
  if (!given) fields.error("login", "is required (or give email or username)");
  if (auto password = fields.string("password", true)) input.password = *password;
  return input;
}

std::string read_refresh_token(JsonFields& fields) { return fields.string("refresh_token", true).value_or(""); }

store::UserChanges read_user_changes(JsonFields& fields) {
  store::UserChanges changes;
  changes.email = read_email(fields, false);
  changes.username = read_username(fields, false);
  changes.timezone = read_timezone(fields);
  changes.day_start_minutes = read_day_start(fields);
  return changes;
}

PasswordChange read_password_change(JsonFields& fields) {
  PasswordChange change;
  if (auto current = fields.string("current_password", true)) change.current_password = *current;
  if (auto next = read_new_password(fields, "new_password")) change.new_password = *next;
  return change;
}

std::string read_password_confirmation(JsonFields& fields) { return fields.string("password", true).value_or(""); }

}  // namespace habitd::api::v1
