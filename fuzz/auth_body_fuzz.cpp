// Bodies of /api/v1/auth/* and /api/v1/users/me* → validated commands. The first byte picks the
// endpoint (its value modulo 6; the seeds use '0'..'5'), the rest is the request body.
#include <cstddef>
#include <cstdint>

#include "api/v1/json/auth_fields.hpp"
#include "domain/validation.hpp"
#include "fuzz_support.hpp"

namespace habitd::fuzz {
namespace {

enum class Body { kRegister, kLogin, kRefresh, kUserChanges, kPasswordChange, kDeleteMe, kCount };

// A command read without error must satisfy the rules the service relies on.
void read(Body kind, api::v1::JsonFields& fields, const domain::FieldErrors& errors) {
  switch (kind) {
    case Body::kRegister: {
      const auto input = api::v1::read_register_input(fields);
      if (!errors.empty()) return;
      check(!domain::check_email(input.email) && !domain::check_username(input.username), "an invalid name was accepted");
      check(!domain::check_password(input.password) && !domain::check_timezone(input.timezone),
            "an invalid password or zone was accepted");
      check(input.day_start_minutes >= 0 && input.day_start_minutes < 24 * 60, "day_start out of range");
      return;
    }
    case Body::kLogin:
      static_cast<void>(api::v1::read_login_input(fields));
      return;
    case Body::kRefresh:
      static_cast<void>(api::v1::read_refresh_token(fields));
      return;
    case Body::kUserChanges: {
      const auto changes = api::v1::read_user_changes(fields);
      if (!errors.empty()) return;
      check(!changes.email || !domain::check_email(*changes.email), "an invalid email was accepted");
      check(!changes.timezone || !domain::check_timezone(*changes.timezone), "an invalid zone was accepted");
      return;
    }
    case Body::kPasswordChange: {
      const auto change = api::v1::read_password_change(fields);
      check(!errors.empty() || !domain::check_password(change.new_password), "an invalid new password was accepted");
      return;
    }
    case Body::kDeleteMe:
      static_cast<void>(api::v1::read_password_confirmation(fields));
      return;
    case Body::kCount:
      return;
  }
}

}  // namespace
}  // namespace habitd::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace habitd;
  if (size == 0) return 0;
  const auto kind = static_cast<fuzz::Body>(data[0] % static_cast<std::uint8_t>(fuzz::Body::kCount));
  const auto request = fuzz::json_request(fuzz::as_text(data + 1, size - 1));
  try {
    const auto body = api::v1::parse_json_object(request);
    domain::FieldErrors errors;
    api::v1::JsonFields fields(body, errors);
    fuzz::read(kind, fields, errors);
    errors.throw_if_any();
  } catch (const domain::Error& error) {
    fuzz::expect_client_error(error);
  }
  return 0;
}
