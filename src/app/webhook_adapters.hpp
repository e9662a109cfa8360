#pragma once
// The webhook use cases' ports, implemented on the transport's outbound HTTP client.
#include <utility>

#include "http/outbound_client.hpp"
#include "service/webhook_delivery.hpp"
#include "service/webhook_service.hpp"

namespace habitd::app {

class WebhookUrlGuard final : public service::UrlGuard {
 public:
  // A creation request waits at most `lookup_timeout` for the URL's host name.
  WebhookUrlGuard(bool allow_private, std::chrono::milliseconds lookup_timeout)
      : allow_private_(allow_private), lookup_(lookup_timeout) {}
  [[nodiscard]] std::optional<std::string> refusal(std::string_view url) const override {
    return http::webhook_url_refusal(url, allow_private_, lookup_);
  }

 private:
  bool allow_private_;
  http::NameLookup lookup_;
};

class HttpWebhookSender final : public service::WebhookSender {
 public:
  explicit HttpWebhookSender(http::OutboundOptions options) : client_(std::move(options)) {}
  [[nodiscard]] service::SendResult send(const service::OutgoingRequest& request) const override {
    auto result = client_.post(request.url, request.headers, request.body);
    return service::SendResult{result.status_code, std::move(result.error), result.elapsed};
  }

 private:
  http::OutboundClient client_;
};

}  // namespace habitd::app
