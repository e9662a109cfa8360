#include "api/v1/ops_handlers.hpp"

#include "http/problem.hpp"
#include "store/database.hpp"

namespace habitd::api::v1 {

http::Response OpsHandlers::health(const http::Request&) const {
  return http::json_response(200, R"({"status":"ok"})");
}

http::Response OpsHandlers::ready(const http::Request& request) const {
  if (database_.ping()) return http::json_response(200, R"({"status":"ready","database":"ok"})");
  return http::problem(domain::Error(domain::ErrorCode::kUnavailable, "The database does not answer.").with_retry_after(1),
                       request.request_id);
}

}  // namespace habitd::api::v1
