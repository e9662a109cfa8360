#pragma once
// Personal access tokens on the wire.
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "api/v1/json/request_body.hpp"
#include "domain/personal_token.hpp"
#include "service/token_service.hpp"

namespace habitd::api::v1 {

// {"name", "scope", "expires_at"?}: name 1-100 characters (trimmed), scope read or write,
// expires_at an RFC 3339 time or null.
[[nodiscard]] service::TokenInput read_token_input(JsonFields& fields);
// The token without its secret; `secret` adds "token" (only in the creating answer).
[[nodiscard]] boost::json::object render_personal_token(const domain::PersonalToken& token,
                                                        const std::optional<std::string>& secret = std::nullopt);

}  // namespace habitd::api::v1
