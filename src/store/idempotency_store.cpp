#include "store/idempotency_store.hpp"

#include <soci/soci.h>

#include "store/database.hpp"

namespace habitd::store {

Claim IdempotencyStore::claim(const std::string& user_id, const std::string& key, const std::string& fingerprint,
                              std::int64_t now, std::int64_t expires_before) const {
  const long long at = now;
  const long long cutoff = expires_before;
  return database_.transaction([&](soci::session& sql) -> Claim {
    sql << "DELETE FROM idempotency_keys WHERE user_id = :u AND idem_key = :k AND created_at < :c", soci::use(user_id),
        soci::use(key), soci::use(cutoff);
    // The primary key decides a race between two identical requests: one inserts, one finds it.
    soci::statement insert = (sql.prepare << "INSERT INTO idempotency_keys (user_id, idem_key, fingerprint, created_at) "
                                             "VALUES (:u, :k, :f, :t) ON CONFLICT (user_id, idem_key) DO NOTHING",
                              soci::use(user_id), soci::use(key), soci::use(fingerprint), soci::use(at));
    insert.execute(true);
    if (insert.get_affected_rows() == 1) return {Claim::Outcome::kClaimed, {}};
    std::string stored_fingerprint, content_type, body, location;
    int status = 0;
    soci::indicator status_ind{}, type_ind{}, body_ind{}, location_ind{};
    sql << "SELECT fingerprint, status, content_type, body, location FROM idempotency_keys WHERE user_id = :u AND idem_key = :k",
        soci::use(user_id), soci::use(key), soci::into(stored_fingerprint), soci::into(status, status_ind),
        soci::into(content_type, type_ind), soci::into(body, body_ind), soci::into(location, location_ind);
    if (stored_fingerprint != fingerprint) return {Claim::Outcome::kMismatch, {}};
    if (status_ind != soci::i_ok) return {Claim::Outcome::kInProgress, {}};
    return {Claim::Outcome::kReplay,
            StoredResponse{status, type_ind == soci::i_ok ? content_type : "", body_ind == soci::i_ok ? body : "",
                           location_ind == soci::i_ok ? location : ""}};
  });
}

void IdempotencyStore::complete(const std::string& user_id, const std::string& key, const StoredResponse& response) const {
  database_.transaction([&](soci::session& sql) {
    sql << "UPDATE idempotency_keys SET status = :s, content_type = :ct, body = :b, location = :l WHERE user_id = :u AND "
           "idem_key = :k",
        soci::use(response.status), soci::use(response.content_type), soci::use(response.body), soci::use(response.location),
        soci::use(user_id), soci::use(key);
  });
}

void IdempotencyStore::release(const std::string& user_id, const std::string& key) const {
  database_.transaction([&](soci::session& sql) {
    sql << "DELETE FROM idempotency_keys WHERE user_id = :u AND idem_key = :k", soci::use(user_id), soci::use(key);
  });
}

}  // namespace habitd::store
