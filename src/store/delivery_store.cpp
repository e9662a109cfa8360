#include "store/delivery_store.hpp"

#include <soci/soci.h>

#include "security/random.hpp"
#include "store/database.hpp"
#include "store/outbox.hpp"
#include "store/statements.hpp"

namespace habitd::store {
namespace {

constexpr const char* kDueDeliveries =
    "SELECT d.event_id, d.webhook_id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
    "WHERE d.state = 'pending' AND d.next_attempt_at <= :now AND (d.lease_until IS NULL OR d.lease_until < :lease_now) "
    "AND w.disabled = 0 AND NOT EXISTS (SELECT 1 FROM webhook_deliveries f WHERE f.webhook_id = d.webhook_id "
    "AND f.state = 'pending' AND f.lease_until >= :flight_now) "
    "ORDER BY d.next_attempt_at, d.recorded_at LIMIT :max";
constexpr const char* kSkipLocked = " FOR UPDATE OF d SKIP LOCKED";
constexpr const char* kLease =
    "UPDATE webhook_deliveries SET lease_until = :until, lease_token = :token WHERE event_id = :event AND webhook_id = :webhook";
constexpr const char* kLeased =
    "SELECT d.event_id, d.webhook_id, w.user_id, w.url, w.secret, d.type, d.body, d.attempts, d.recorded_at, w.failing_since "
    "FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.lease_token = :token ORDER BY d.next_attempt_at";
constexpr const char* kDelivered =
    "UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + 1, finished_at = :now, lease_until = NULL, "
    "lease_token = NULL WHERE event_id = :event AND webhook_id = :webhook AND lease_token = :token";
constexpr const char* kRetry =
    "UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = :next, lease_until = NULL, lease_token = NULL "
    "WHERE event_id = :event AND webhook_id = :webhook AND lease_token = :token";
constexpr const char* kFailed =
    "UPDATE webhook_deliveries SET state = 'failed', attempts = attempts + 1, finished_at = :now, lease_until = NULL, "
    "lease_token = NULL WHERE event_id = :event AND webhook_id = :webhook AND lease_token = :token";
constexpr const char* kInsertAttempt =
    "INSERT INTO webhook_attempts (id, webhook_id, event_id, type, attempt, status_code, error, outcome, at) "
    "VALUES (:id, :webhook, :event, :type, :attempt, :status, :error, :outcome, :at)";
constexpr const char* kWebhookSucceeded = "UPDATE webhooks SET failing_since = NULL WHERE id = :id";
constexpr const char* kWebhookFailed = "UPDATE webhooks SET failing_since = COALESCE(failing_since, :now) WHERE id = :id";
constexpr const char* kDisableWebhook = "UPDATE webhooks SET disabled = 1 WHERE id = :id";
constexpr const char* kReleaseLeases =
    "UPDATE webhook_deliveries SET lease_until = NULL, lease_token = NULL WHERE lease_token IS NOT NULL";
constexpr const char* kCountPending = "SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending'";
constexpr const char* kPurgeDeliveries = "DELETE FROM webhook_deliveries WHERE state <> 'pending' AND finished_at < :before";
constexpr const char* kPurgeAttempts = "DELETE FROM webhook_attempts WHERE at < :before";

struct KeyRow {
  std::string event_id, webhook_id;
  void bind_into(soci::statement& st) {
    st.exchange(soci::into(event_id));
    st.exchange(soci::into(webhook_id));
  }
};

struct ClaimedRow {
  ClaimedDelivery value;
  long long recorded_at = 0, failing_since = 0;
  soci::indicator failing_ind = soci::i_null;
  void bind_into(soci::statement& st) {
    st.exchange(soci::into(value.event_id));
    st.exchange(soci::into(value.webhook_id));
    st.exchange(soci::into(value.user_id));
    st.exchange(soci::into(value.url));
    st.exchange(soci::into(value.secret));
    st.exchange(soci::into(value.type));
    st.exchange(soci::into(value.body));
    st.exchange(soci::into(value.attempts));
    st.exchange(soci::into(recorded_at));
    st.exchange(soci::into(failing_since, failing_ind));
  }
  [[nodiscard]] ClaimedDelivery claimed(const std::string& token) const {
    ClaimedDelivery out = value;
    out.recorded_at = recorded_at;
    out.lease_token = token;
    if (failing_ind == soci::i_ok) out.failing_since = failing_since;
    return out;
  }
};

std::string_view outcome_text(DeliveryOutcome outcome) {
  switch (outcome) {
    case DeliveryOutcome::kDelivered:
      return "delivered";
    case DeliveryOutcome::kRetry:
      return "retrying";
    case DeliveryOutcome::kFailed:
      return "failed";
  }
  return "failed";
}

}  // namespace

std::vector<ClaimedDelivery> DeliveryStore::claim(std::int64_t now, std::int64_t lease_until, const std::string& lease_token,
                                                  int max) const {
  // A read first: an idle dispatcher's look takes no write lock (SQLite has a single writer).
  const bool any_due = database_.run([&](soci::session& sql) {
    auto& due = prepared<Select<KeyRow, long long, long long, long long, long long>>(sql, kDueDeliveries);
    due.values.params = {now, now, now, 1};
    return read_one(sql, due);
  });
  if (!any_due) return {};
  const std::string due_query = std::string(kDueDeliveries) + (database_.dialect() == Dialect::kPostgres ? kSkipLocked : "");
  return database_.transaction([&](soci::session& sql) {
    std::vector<KeyRow> keys;
    auto& due = prepared<Select<KeyRow, long long, long long, long long, long long>>(sql, due_query);
    due.values.params = {now, now, now, max};
    for_each_row(sql, due, [&] { keys.push_back(due.values.row); });
    std::vector<ClaimedDelivery> claimed;
    if (keys.empty()) return claimed;
    auto& lease = prepared<Command<long long, std::string, std::string, std::string>>(sql, kLease);
    for (const auto& key : keys) {
      lease.values.params = {lease_until, lease_token, key.event_id, key.webhook_id};
      write(sql, lease);
    }
    auto& leased = prepared<Select<ClaimedRow, std::string>>(sql, kLeased);
    leased.values.params = {lease_token};
    for_each_row(sql, leased, [&] { claimed.push_back(leased.values.row.claimed(lease_token)); });
    return claimed;
  });
}

bool DeliveryStore::record(const ClaimedDelivery& d, const AttemptRecord& attempt, std::int64_t now) const {
  return database_.transaction([&](soci::session& sql) {
    long long changed = 0;
    switch (attempt.outcome) {
      case DeliveryOutcome::kDelivered: {
        auto& update = prepared<Command<long long, std::string, std::string, std::string>>(sql, kDelivered);
        update.values.params = {now, d.event_id, d.webhook_id, d.lease_token};
        changed = write(sql, update);
        break;
      }
      case DeliveryOutcome::kRetry: {
        auto& update = prepared<Command<long long, std::string, std::string, std::string>>(sql, kRetry);
        update.values.params = {attempt.next_attempt_at, d.event_id, d.webhook_id, d.lease_token};
        changed = write(sql, update);
        break;
      }
      case DeliveryOutcome::kFailed: {
        auto& update = prepared<Command<long long, std::string, std::string, std::string>>(sql, kFailed);
        update.values.params = {now, d.event_id, d.webhook_id, d.lease_token};
        changed = write(sql, update);
        break;
      }
    }
    if (changed != 1) return false;
    auto& insert = prepared<Command<std::string, std::string, std::string, std::string, int, Nullable<int>, Nullable<std::string>,
                                    std::string, long long>>(sql, kInsertAttempt);
    insert.values.params = {security::new_id(),
                            d.webhook_id,
                            d.event_id,
                            d.type,
                            d.attempts + 1,
                            attempt.status_code,
                            attempt.error,
                            std::string(outcome_text(attempt.outcome)),
                            now};
    write(sql, insert);
    if (attempt.outcome == DeliveryOutcome::kDelivered) {
      auto& ok = prepared<Command<std::string>>(sql, kWebhookSucceeded);
      ok.values.params = {d.webhook_id};
      write(sql, ok);
    } else {
      auto& failing = prepared<Command<long long, std::string>>(sql, kWebhookFailed);
      failing.values.params = {now, d.webhook_id};
      write(sql, failing);
    }
    if (attempt.disable_webhook) {
      auto& disable = prepared<Command<std::string>>(sql, kDisableWebhook);
      disable.values.params = {d.webhook_id};
      write(sql, disable);
      give_up_pending(sql, d.webhook_id, now);
    }
    return true;
  });
}

void DeliveryStore::release_all_leases() const {
  database_.transaction([&](soci::session& sql) {
    auto& release = prepared<Command<>>(sql, kReleaseLeases);
    write(sql, release);
  });
}

long long DeliveryStore::pending() const {
  return database_.run([&](soci::session& sql) {
    auto& count = prepared<Select<Scalar<long long>>>(sql, kCountPending);
    return read_one(sql, count) ? count.values.row.value : 0LL;
  });
}

long long DeliveryStore::purge(std::int64_t before) const {
  return database_.transaction([&](soci::session& sql) {
    auto& deliveries = prepared<Command<long long>>(sql, kPurgeDeliveries);
    deliveries.values.params = {before};
    auto& attempts = prepared<Command<long long>>(sql, kPurgeAttempts);
    attempts.values.params = {before};
    return write(sql, deliveries) + write(sql, attempts);
  });
}

}  // namespace habitd::store
