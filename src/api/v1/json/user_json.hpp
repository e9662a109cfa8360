#pragma once
#include <boost/json/object.hpp>

#include "domain/user.hpp"
#include "service/auth_service.hpp"

namespace habitd::api::v1 {

// The User of the contract (never the password hash).
[[nodiscard]] boost::json::object render_user(const domain::User& user);
[[nodiscard]] boost::json::object render_tokens(const service::TokenPair& tokens);

}  // namespace habitd::api::v1
