#include "service/webhook_service.hpp"

#include "domain/error.hpp"
#include "domain/validation.hpp"
#include "security/random.hpp"
#include "security/webhook_signature.hpp"
#include "util/clock.hpp"
#include "util/time_format.hpp"

namespace habitd::service {

using domain::Error;
using domain::ErrorCode;

namespace {

Error webhook_not_found() { return Error(ErrorCode::kNotFound, "No such webhook."); }

}  // namespace

void WebhookService::check_url(const std::string& url) const {
  if (auto refusal = guard_.refusal(url))
    throw Error(ErrorCode::kValidation, "The webhook URL cannot be used.", {{"url", std::move(*refusal)}});
}

domain::Webhook WebhookService::create(const std::string& user_id, const WebhookInput& input) const {
  check_url(input.url);
  domain::Webhook webhook;
  webhook.id = security::new_id();
  webhook.user_id = user_id;
  webhook.url = input.url;
  webhook.events = input.events;
  webhook.secret = security::new_webhook_secret();
  webhook.created_at = util::to_micros(clock_.now());
  store_.insert(webhook, max_webhooks_);
  return webhook;
}

std::vector<domain::Webhook> WebhookService::list(const std::string& user_id) const { return store_.list(user_id); }

domain::Webhook WebhookService::get(const std::string& user_id, const std::string& webhook_id) const {
  if (!domain::is_id(webhook_id)) throw webhook_not_found();
  auto webhook = store_.get(user_id, webhook_id);
  if (!webhook) throw webhook_not_found();
  return *webhook;
}

domain::Webhook WebhookService::update(const std::string& user_id, const std::string& webhook_id,
                                       const WebhookChanges& changes) const {
  domain::Webhook webhook = get(user_id, webhook_id);
  if (changes.url) {
    check_url(*changes.url);
    webhook.url = *changes.url;
  }
  if (changes.events) webhook.events = *changes.events;
  if (changes.disabled) {
    // Enabled again: its failures start afresh.
    if (webhook.disabled && !*changes.disabled) webhook.failing_since.reset();
    webhook.disabled = *changes.disabled;
  }
  if (!store_.update(webhook, util::to_micros(clock_.now()))) throw webhook_not_found();
  return webhook;
}

void WebhookService::remove(const std::string& user_id, const std::string& webhook_id) const {
  if (!domain::is_id(webhook_id) || !store_.remove(user_id, webhook_id)) throw webhook_not_found();
}

store::AttemptPage WebhookService::deliveries(const std::string& user_id, const std::string& webhook_id, long long limit,
                                              long long offset) const {
  (void)get(user_id, webhook_id);
  return store_.attempts(user_id, webhook_id, limit, offset);
}

}  // namespace habitd::service
