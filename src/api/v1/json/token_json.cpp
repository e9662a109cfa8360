#include "api/v1/json/token_json.hpp"

#include "api/v1/json/habit_fields.hpp"
#include "util/time_format.hpp"
#include "util/timestamp_parse.hpp"

namespace habitd::api::v1 {
namespace {

boost::json::value timestamp_or_null(const std::optional<std::int64_t>& micros) {
  return micros ? boost::json::value(util::format_timestamp(*micros)) : boost::json::value(nullptr);
}

}  // namespace

service::TokenInput read_token_input(JsonFields& fields) {
  service::TokenInput input;
  if (auto name = read_name(fields, true)) input.name = *name;
  if (auto scope = fields.string("scope", true)) {
    if (auto parsed = domain::parse_token_scope(*scope))
      input.scope = *parsed;
    else
      fields.error("scope", "must be read or write");
  }
  if (auto expires = fields.nullable_string("expires_at"); expires && *expires) {
    if (auto micros = util::parse_timestamp(**expires))
      input.expires_at = *micros;
    else
      fields.error("expires_at", "must be an RFC 3339 time such as 2027-01-31T12:00:00Z, or null");
  }
  return input;
}

boost::json::object render_personal_token(const domain::PersonalToken& token, const std::optional<std::string>& secret) {
  boost::json::object out{{"id", token.id},
                          {"name", token.name},
                          {"scope", domain::to_string(token.scope)},
                          {"created_at", util::format_timestamp(token.created_at)},
                          {"expires_at", timestamp_or_null(token.expires_at)},
                          {"last_used_at", timestamp_or_null(token.last_used_at)}};
  if (secret) out["token"] = *secret;
  return out;
}

}  // namespace habitd::api::v1
