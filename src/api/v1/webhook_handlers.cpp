#include "api/v1/webhook_handlers.hpp"

#include <boost/json.hpp>

#include "api/v1/json/page_json.hpp"
#include "api/v1/json/query.hpp"
#include "api/v1/json/request_body.hpp"
#include "api/v1/json/webhook_json.hpp"
#include "service/webhook_service.hpp"

namespace habitd::api::v1 {

http::Response WebhookHandlers::create(const http::Request& request) const {
  const auto input = read_json_body(request, read_webhook_input);
  const auto webhook = webhooks_.create(request.user_id(), input);
  return json(201, render_webhook(webhook, true)).with_header("Location", "/api/v1/webhooks/" + webhook.id);
}

http::Response WebhookHandlers::list(const http::Request& request) const {
  const Paging paging = read_paging(request);
  return json(200, render_page(webhooks_.list(request.user_id()), paging,
                               [](const domain::Webhook& webhook) { return render_webhook(webhook); }));
}

http::Response WebhookHandlers::get(const http::Request& request) const {
  return json(200, render_webhook(webhooks_.get(request.user_id(), std::string(request.path_param("id")))));
}

http::Response WebhookHandlers::update(const http::Request& request) const {
  const auto changes = read_json_body(request, read_webhook_changes);
  return json(200, render_webhook(webhooks_.update(request.user_id(), std::string(request.path_param("id")), changes)));
}

http::Response WebhookHandlers::remove(const http::Request& request) const {
  webhooks_.remove(request.user_id(), std::string(request.path_param("id")));
  return http::no_content();
}

http::Response WebhookHandlers::deliveries(const http::Request& request) const {
  const Paging paging = read_paging(request);
  const auto page = webhooks_.deliveries(request.user_id(), std::string(request.path_param("id")), paging.limit, paging.offset);
  boost::json::array items;
  for (const auto& attempt : page.items) items.push_back(render_delivery_attempt(attempt));
  return json(200, {{"items", std::move(items)}, {"total", page.total}, {"limit", paging.limit}, {"offset", paging.offset}});
}

}  // namespace habitd::api::v1
