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

boost::json::object render_session(const store::SessionRow& session, bool current) {
  return {{"id", session.id},
          {"created_at", util::format_timestamp(session.created_at)},
          {"last_used_at", util::format_timestamp(session.last_used_at)},
          {"user_agent", session.user_agent.empty() ? boost::json::value(nullptr) : boost::json::value(session.user_agent)},
          {"current", current}};
}

std::string shown_user_agent(std::string_view header) {
  constexpr std::size_t kMaxShown = 256;
  std::string shown;
  for (const char c : header.substr(0, kMaxShown)) shown.push_back(c >= 0x20 && c <= 0x7E ? c : '?');
  return shown;
}

}  // namespace habitd::api::v1
