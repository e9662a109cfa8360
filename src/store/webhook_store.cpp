#include "store/webhook_store.hpp"

#include <soci/soci.h>

#include "domain/error.hpp"
#include "store/database.hpp"
#include "store/outbox.hpp"
#include "store/records.hpp"
#include "store/statements.hpp"

namespace habitd::store {
namespace {

constexpr const char* kWebhookColumns = "id, user_id, url, events, secret, created_at, disabled, failing_since";
const std::string kUserWebhooks =
    std::string("SELECT ") + kWebhookColumns + " FROM webhooks WHERE user_id = :user ORDER BY created_at, id";
const std::string kWebhook = std::string("SELECT ") + kWebhookColumns + " FROM webhooks WHERE id = :id AND user_id = :user";
// Serialises concurrent creations of one user's webhooks on PostgreSQL, so the limit holds.
constexpr const char* kLockUserPostgres = "SELECT id FROM users WHERE id = :user FOR UPDATE";
constexpr const char* kCountWebhooks = "SELECT COUNT(*) FROM webhooks WHERE user_id = :user";
constexpr const char* kInsertWebhook =
    "INSERT INTO webhooks (id, user_id, url, events, secret, created_at, disabled, failing_since) "
    "VALUES (:id, :user, :url, :events, :secret, :created, 0, NULL)";
constexpr const char* kUpdateWebhook =
    "UPDATE webhooks SET url = :url, events = :events, disabled = :disabled, failing_since = :failing "
    "WHERE id = :id AND user_id = :user";
constexpr const char* kDeleteWebhook = "DELETE FROM webhooks WHERE id = :id AND user_id = :user";
constexpr const char* kCountAttempts =
    "SELECT COUNT(*) FROM webhook_attempts a JOIN webhooks w ON w.id = a.webhook_id WHERE w.id = :id AND w.user_id = :user";
constexpr const char* kAttempts =
    "SELECT a.event_id, a.type, a.attempt, a.status_code, a.error, a.outcome, a.at FROM webhook_attempts a "
    "JOIN webhooks w ON w.id = a.webhook_id WHERE w.id = :id AND w.user_id = :user "
    "ORDER BY a.at DESC, a.attempt DESC, a.id DESC LIMIT :limit OFFSET :offset";

struct WebhookRow {
  std::string id, user_id, url, events, secret;
  long long created_at = 0, failing_since = 0;
  int disabled = 0;
  soci::indicator failing_ind = soci::i_null;

  void bind_into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(user_id));
    st.exchange(soci::into(url));
    st.exchange(soci::into(events));
    st.exchange(soci::into(secret));
    st.exchange(soci::into(created_at));
    st.exchange(soci::into(disabled));
    st.exchange(soci::into(failing_since, failing_ind));
  }
  [[nodiscard]] domain::Webhook webhook() const {
    domain::Webhook out;
    out.id = id;
    out.user_id = user_id;
    out.url = url;
    out.events = domain::events_from_column(events);
    out.secret = secret;
    out.created_at = created_at;
    out.disabled = disabled != 0;
    if (failing_ind == soci::i_ok) out.failing_since = failing_since;
    return out;
  }
};

struct AttemptRow {
  std::string event_id, type, error, outcome;
  int attempt = 0, status_code = 0;
  long long at = 0;
  soci::indicator status_ind = soci::i_null, error_ind = soci::i_null;

  void bind_into(soci::statement& st) {
    st.exchange(soci::into(event_id));
    st.exchange(soci::into(type));
    st.exchange(soci::into(attempt));
    st.exchange(soci::into(status_code, status_ind));
    st.exchange(soci::into(error, error_ind));
    st.exchange(soci::into(outcome));
    st.exchange(soci::into(at));
  }
  [[nodiscard]] domain::DeliveryAttempt attempt_value() const {
    return domain::DeliveryAttempt{event_id, type, attempt, optional_of(status_code, status_ind), optional_of(error, error_ind),
                                   outcome,  at};
  }
};

}  // namespace

void WebhookStore::insert(const domain::Webhook& webhook, long long max_per_user) const {
  database_.transaction([&](soci::session& sql) {
    if (database_.dialect() == Dialect::kPostgres) {
      auto& lock = prepared<Select<Scalar<std::string>, std::string>>(sql, kLockUserPostgres);
      lock.values.params = {webhook.user_id};
      (void)read_one(sql, lock);
    }
    auto& count = prepared<Select<Scalar<long long>, std::string>>(sql, kCountWebhooks);
    count.values.params = {webhook.user_id};
    (void)read_one(sql, count);
    if (count.values.row.value >= max_per_user)
      throw domain::Error(domain::ErrorCode::kValidation,
                          "You have " + std::to_string(count.values.row.value) + " webhooks, the most allowed; delete one first.",
                          {{"webhooks", "at most " + std::to_string(max_per_user) + " per user"}});
    auto& insert =
        prepared<Command<std::string, std::string, std::string, std::string, std::string, long long>>(sql, kInsertWebhook);
    insert.values.params = {webhook.id,     webhook.user_id,   webhook.url, domain::events_column(webhook.events),
                            webhook.secret, webhook.created_at};
    write(sql, insert);
  });
}

std::vector<domain::Webhook> WebhookStore::list(const std::string& user_id) const {
  return database_.run([&](soci::session& sql) {
    std::vector<domain::Webhook> webhooks;
    auto& select = prepared<Select<WebhookRow, std::string>>(sql, kUserWebhooks);
    select.values.params = {user_id};
    for_each_row(sql, select, [&] { webhooks.push_back(select.values.row.webhook()); });
    return webhooks;
  });
}

std::optional<domain::Webhook> WebhookStore::get(const std::string& user_id, const std::string& webhook_id) const {
  return database_.run([&](soci::session& sql) -> std::optional<domain::Webhook> {
    auto& select = prepared<Select<WebhookRow, std::string, std::string>>(sql, kWebhook);
    select.values.params = {webhook_id, user_id};
    if (!read_one(sql, select)) return std::nullopt;
    return select.values.row.webhook();
  });
}

bool WebhookStore::update(const domain::Webhook& webhook, std::int64_t now) const {
  return database_.transaction([&](soci::session& sql) {
    auto& update =
        prepared<Command<std::string, std::string, int, Nullable<long long>, std::string, std::string>>(sql, kUpdateWebhook);
    const std::optional<long long> failing =
        webhook.disabled || !webhook.failing_since ? std::nullopt : std::optional<long long>(*webhook.failing_since);
    update.values.params = {webhook.url,    domain::events_column(webhook.events), webhook.disabled ? 1 : 0, failing, webhook.id,
                            webhook.user_id};
    if (write(sql, update) != 1) return false;
    if (webhook.disabled) give_up_pending(sql, webhook.id, now);
    return true;
  });
}

bool WebhookStore::remove(const std::string& user_id, const std::string& webhook_id) const {
  return database_.transaction([&](soci::session& sql) {
    auto& remove = prepared<Command<std::string, std::string>>(sql, kDeleteWebhook);
    remove.values.params = {webhook_id, user_id};
    return write(sql, remove) == 1;
  });
}

AttemptPage WebhookStore::attempts(const std::string& user_id, const std::string& webhook_id, long long limit,
                                   long long offset) const {
  return database_.run([&](soci::session& sql) {
    AttemptPage page;
    auto& count = prepared<Select<Scalar<long long>, std::string, std::string>>(sql, kCountAttempts);
    count.values.params = {webhook_id, user_id};
    if (read_one(sql, count)) page.total = count.values.row.value;
    auto& select = prepared<Select<AttemptRow, std::string, std::string, long long, long long>>(sql, kAttempts);
    select.values.params = {webhook_id, user_id, limit, offset};
    for_each_row(sql, select, [&] { page.items.push_back(select.values.row.attempt_value()); });
    return page;
  });
}

}  // namespace habitd::store
