#include "api/v1/json/user_json.hpp"

#include "domain/validation.hpp"
#include "util/time_format.hpp"

namespace habitd::api::v1 {

boost::json::object render_user(const domain::User& user) {
  return {{"id", user.id},
          {"email", user.email},
          {"username", user.username},
          {"timezone", user.timezone},
          {"day_start", domain::format_day_start(user.day_start_minutes)},
          {"created_at", util::format_timestamp(user.created_at)}};
}

boost::json::object render_tokens(const service::TokenPair& tokens) {
  return {{"access_token", tokens.access_token},
          {"token_type", "Bearer"},
          {"expires_in", tokens.expires_in},
          {"refresh_token", tokens.refresh_token}};
}

}  // namespace habitd::api::v1
