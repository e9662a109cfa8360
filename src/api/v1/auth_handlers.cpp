#include "api/v1/auth_handlers.hpp"

#include <boost/json.hpp>

#include "api/v1/json/auth_fields.hpp"
#include "api/v1/json/request_body.hpp"
#include "api/v1/json/user_json.hpp"
#include "service/auth_service.hpp"

namespace habitd::api::v1 {

namespace {

std::string refresh_token_of(const http::Request& request) { return read_json_body(request, read_refresh_token); }

}  // namespace

http::Response AuthHandlers::register_user(const http::Request& request) const {
  const auto input = read_json_body(request, read_register_input);
  const auto user = auth_.register_user(input, request.client_address);
  return json(201, render_user(user)).with_header("Location", "/api/v1/users/me");
}

http::Response AuthHandlers::login(const http::Request& request) const {
  const auto input = read_json_body(request, read_login_input);
  const std::string agent = shown_user_agent(request.header("user-agent").value_or(std::string_view{}));
  return json(200, render_tokens(auth_.login(input.login, input.password, request.client_address, agent)));
}

http::Response AuthHandlers::refresh(const http::Request& request) const {
  return json(200, render_tokens(auth_.refresh(refresh_token_of(request))));
}

http::Response AuthHandlers::logout(const http::Request& request) const {
  auth_.logout(refresh_token_of(request));
  return http::no_content();
}

http::Response AuthHandlers::get_me(const http::Request& request) const {
  const auto& user_id = request.user_id();
  return json(200, render_user(auth_.get_user(user_id)));
}

http::Response AuthHandlers::update_me(const http::Request& request) const {
  const auto& user_id = request.user_id();
  const auto changes = read_json_body(request, read_user_changes);
  return json(200, render_user(auth_.update_user(user_id, changes)));
}

http::Response AuthHandlers::change_password(const http::Request& request) const {
  const auto& user_id = request.user_id();
  const auto change = read_json_body(request, read_password_change);
  auth_.change_password(user_id, change.current_password, change.new_password, request.client_address);
  return http::no_content();
}

http::Response AuthHandlers::delete_me(const http::Request& request) const {
  const auto& user_id = request.user_id();
  const auto password = read_json_body(request, read_password_confirmation);
  auth_.delete_user(user_id, password, request.client_address);
  return http::no_content();
}

http::Response AuthHandlers::list_sessions(const http::Request& request) const {
  const auto& user_id = request.user_id();
  boost::json::array items;
  for (const auto& session : auth_.sessions(user_id))
    items.push_back(render_session(session, session.id == request.principal->session_id));
  return json(200, {{"items", std::move(items)}});
}

http::Response AuthHandlers::end_session(const http::Request& request) const {
  auth_.end_session(request.user_id(), std::string(request.path_param("id")));
  return http::no_content();
}

http::Response AuthHandlers::end_other_sessions(const http::Request& request) const {
  auth_.end_other_sessions(request.user_id(), request.principal->session_id);
  return http::no_content();
}

}  // namespace habitd::api::v1
