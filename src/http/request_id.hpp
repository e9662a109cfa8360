#pragma once
// X-Request-Id: the client's own when it is a sensible token, otherwise a fresh one.
#include <string>
#include <string_view>

namespace habitd::http {

[[nodiscard]] bool is_valid_request_id(std::string_view id);
[[nodiscard]] std::string new_request_id();
// `given` when valid, else a new id.
[[nodiscard]] std::string request_id_from(std::string_view given);

}  // namespace habitd::http
