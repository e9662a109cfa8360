#pragma once
// The bodies of /api/v1/auth/* and /api/v1/users/me*, read into commands. Each reader records
// every field error it finds; its result is meaningful only when none was recorded.
#include <string>

#include "api/v1/json/request_body.hpp"
#include "service/auth_service.hpp"
#include "store/user_store.hpp"

namespace habitd::api::v1 {

struct LoginInput {
  std::string login;  // `login`, or else `email`, or else `username`, trimmed
  std::string password;
};

struct PasswordChange {
  std::string current_password;
  std::string new_password;
};

// POST /auth/register
[[nodiscard]] service::RegisterInput read_register_input(JsonFields& fields);
// POST /auth/login
[[nodiscard]] LoginInput read_login_input(JsonFields& fields);
// POST /auth/refresh and /auth/logout
[[nodiscard]] std::string read_refresh_token(JsonFields& fields);
// PATCH /users/me
[[nodiscard]] store::UserChanges read_user_changes(JsonFields& fields);
// POST /users/me/password
[[nodiscard]] PasswordChange read_password_change(JsonFields& fields);
// DELETE /users/me: the password that confirms it
[[nodiscard]] std::string read_password_confirmation(JsonFields& fields);

}  // namespace habitd::api::v1
