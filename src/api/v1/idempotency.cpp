#include "api/v1/idempotency.hpp"

#include <chrono>

#include "api/v1/json/canonical_json.hpp"
#include "domain/error.hpp"
#include "http/problem.hpp"
#include "security/random.hpp"
#include "store/idempotency_store.hpp"
#include "util/clock.hpp"
#include "util/time_format.hpp"

namespace habitd::api::v1 {

using domain::Error;
using domain::ErrorCode;

namespace {

constexpr std::size_t kMaxKeyLength = 255;

bool is_valid_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyLength) return false;
  for (char c : key)
    if (c < 0x21 || c > 0x7E) return false;
  return true;
}

std::string location_of(const http::Response& response) {
  for (const auto& [name, value] : response.headers)
    if (name == "Location") return value;
  return {};
}

// The kept answer, when it was given to the same request; 422 when the key was used for another.
http::Response answer_from(const store::KeptAnswer& kept, const std::string& fingerprint) {
  if (kept.fingerprint != fingerprint)
    throw Error(ErrorCode::kValidation, "This Idempotency-Key was used with a different request.",
                {{"Idempotency-Key", "was used with a different request body"}});
  http::Response replay{kept.response.status, kept.response.content_type, kept.response.body, {}};
  if (!kept.response.location.empty()) replay.with_header("Location", kept.response.location);
  return replay.with_header("Idempotent-Replayed", "true");
}

}  // namespace

http::Handler Idempotency::wrap(http::Handler handler) const {
  return [this, handler = std::move(handler)](http::Request& request) { return handle(handler, request); };
}

http::Response Idempotency::handle(const http::Handler& handler, http::Request& request) const {
  const auto key = request.header("idempotency-key");
  if (!key) return handler(request);
  if (!is_valid_key(*key))
    throw Error(ErrorCode::kValidation, "The Idempotency-Key header must be 1 to 255 visible ASCII characters.",
                {{"Idempotency-Key", "must be 1 to 255 visible ASCII characters"}});
  const std::string& user_id = request.user_id();
  const std::string key_text(*key);
  // The body as a JSON value, so that a retry serialised differently (key order, white space,
  // 1.0 for 1) is the same request; a body that is not JSON is compared byte for byte.
  const std::string fingerprint = security::hmac_sha256_hex(
      fingerprint_key_, request.method + " " + request.path + "\n" + canonical_json(request.body).value_or(request.body));
  const auto now = clock_.now();
  const std::int64_t since = util::to_micros(now - kKeyLifetime);
  // A repeat of a finished request is answered without opening a write.
  if (auto kept = store_.find(user_id, key_text, since)) return answer_from(*kept, fingerprint);

  http::Response response;
  const auto outcome =
      store_.run_once(user_id, key_text, fingerprint, util::to_micros(now), since, [&]() -> std::optional<store::StoredResponse> {
        try {
          response = handler(request);
        } catch (const Error& error) {
          response = http::problem(error, request.request_id);
        }
        // Transient failures may succeed on retry: they are not
        // kept, and whatever they wrote is undone.
        if (response.status >= 500 || response.status == 429) return std::nullopt;
        return store::StoredResponse{response.status, response.content_type, response.body, location_of(response)};
      });
  if (outcome != store::KeyedRun::kTaken) return response;
  // Another request with this key got there first: its answer, or 409 while it still runs.
  if (auto kept = store_.find(user_id, key_text, since)) return answer_from(*kept, fingerprint);
  throw Error(ErrorCode::kConflict, "A request with this Idempotency-Key is still being processed.");
}

}  // namespace habitd::api::v1
