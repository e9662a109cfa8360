#include "api/v1/token_handlers.hpp"

#include <boost/json.hpp>

#include "api/v1/json/page_json.hpp"
#include "api/v1/json/query.hpp"
#include "api/v1/json/request_body.hpp"
#include "api/v1/json/token_json.hpp"
#include "service/token_service.hpp"

namespace habitd::api::v1 {

http::Response TokenHandlers::create(const http::Request& request) const {
  const auto input = read_json_body(request, read_token_input);
  const auto created = tokens_.create(request.user_id(), input);
  return json(201, render_personal_token(created.token, created.secret))
      .with_header("Location", "/api/v1/tokens/" + created.token.id);
}

http::Response TokenHandlers::list(const http::Request& request) const {
  const Paging paging = read_paging(request);
  return json(
      200, render_page(tokens_.list(request.user_id()), paging, [](const auto& token) { return render_personal_token(token); }));
}

http::Response TokenHandlers::remove(const http::Request& request) const {
  tokens_.remove(request.user_id(), std::string(request.path_param("id")));
  return http::no_content();
}

}  // namespace habitd::api::v1
