#include "api/v1/auth_handlers.hpp"

#include <boost/json.hpp>

#include "api/v1/json/request_body.hpp"
#include "api/v1/json/user_json.hpp"
#include "domain/validation.hpp"
#include "service/auth_service.hpp"

namespace habitd::api::v1 {

using domain::FieldErrors;

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

std::string read_refresh_token(const http::Request& request) {
  const auto body = parse_json_object(request);
  FieldErrors errors;
  JsonFields fields(body, errors);
  auto token = fields.string("refresh_token", true);
  errors.throw_if_any();
  return *token;
}

}  // namespace

http::Response AuthHandlers::register_user(const http::Request& request) const {
  const auto body = parse_json_object(request);
  FieldErrors errors;
  JsonFields fields(body, errors);
  service::RegisterInput input;
  auto email = read_email(fields, true);
  auto username = read_username(fields, true);
  auto password = read_new_password(fields, "password");
  auto timezone = read_timezone(fields);
  auto day_start = read_day_start(fields);
  errors.throw_if_any();
  input.email = *email;
  input.username = *username;
  input.password = *password;
  if (timezone) input.timezone = *timezone;
  if (day_start) input.day_start_minutes = *day_start;
  const auto user = auth_.register_user(input);
  return json(201, render_user(user)).with_header("Location", "/api/v1/users/me");
}

http::Response AuthHandlers::login(const http::Request& request) const {
  const auto body = parse_json_object(request);
  FieldErrors errors;
  JsonFields fields(body, errors);
  std::optional<std::string> login;
  for (const char* key : {"login", "email", "username"}) {
    if (!fields.has(key)) continue;
    login = fields.string(key);
    if (login) *login = std::string(domain::trim(*login));
    break;
  }
  if (!login && errors.empty()) errors.add("login", "is required (or give email or username)");
  auto password = fields.string("password", true);
  errors.throw_if_any();
  return json(200, render_tokens(auth_.login(*login, *password, request.client_address)));
}

http::Response AuthHandlers::refresh(const http::Request& request) const {
  return json(200, render_tokens(auth_.refresh(read_refresh_token(request))));
}

http::Response AuthHandlers::logout(const http::Request& request) const {
  auth_.logout(read_refresh_token(request));
  return http::no_content();
}

http::Response AuthHandlers::get_me(const http::Request& request) const {
  const auto user_id = auth_.authenticate(request.header("authorization"));
  return json(200, render_user(auth_.get_user(user_id)));
}

http::Response AuthHandlers::update_me(const http::Request& request) const {
  const auto user_id = auth_.authenticate(request.header("authorization"));
  const auto body = parse_json_object(request);
  FieldErrors errors;
  JsonFields fields(body, errors);
  store::UserChanges changes;
  changes.email = read_email(fields, false);
  changes.username = read_username(fields, false);
  changes.timezone = read_timezone(fields);
  changes.day_start_minutes = read_day_start(fields);
  errors.throw_if_any();
  return json(200, render_user(auth_.update_user(user_id, changes)));
}

http::Response AuthHandlers::change_password(const http::Request& request) const {
  const auto user_id = auth_.authenticate(request.header("authorization"));
  const auto body = parse_json_object(request);
  FieldErrors errors;
  JsonFields fields(body, errors);
  auto current = fields.string("current_password", true);
  auto next = read_new_password(fields, "new_password");
  errors.throw_if_any();
  auth_.change_password(user_id, *current, *next);
  return http::no_content();
}

http::Response AuthHandlers::delete_me(const http::Request& request) const {
  const auto user_id = auth_.authenticate(request.header("authorization"));
  const auto body = parse_json_object(request);
  FieldErrors errors;
  JsonFields fields(body, errors);
  auto password = fields.string("password", true);
  errors.throw_if_any();
  auth_.delete_user(user_id, *password);
  return http::no_content();
}

}  // namespace habitd::api::v1
