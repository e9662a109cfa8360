#pragma once
#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "domain/user.hpp"
#include "service/auth_service.hpp"

namespace habitd::api::v1 {

// The User of the contract (never the password hash).
[[nodiscard]] boost::json::object render_user(const domain::User& user);
[[nodiscard]] boost::json::object render_tokens(const service::TokenPair& tokens);
// A Session: `current` when it is the one the request's access token belongs to.
[[nodiscard]] boost::json::object render_session(const store::SessionRow& session, bool current);
// A User-Agent header as a session shows it: printable ASCII only (a header may carry any
// bytes, and JSON must stay UTF-8), at most 256 characters.
[[nodiscard]] std::string shown_user_agent(std::string_view header);

}  // namespace habitd::api::v1
