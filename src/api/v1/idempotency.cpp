#include "api/v1/idempotency.hpp"

#include <chrono>

#include "api/v1/json/canonical_json.hpp"
#include "domain/error.hpp"
#include "http/problem.hpp"
#include "security/random.hpp"
#include "service/auth_service.hpp"
#include "store/idempotency_store.hpp"
#include "util/clock.hpp"
#include "util/time_format.hpp"

namespace habitd::api::v1 {

using domain::Error;
using domain::ErrorCode;

namespace {

constexpr std::size_t kMaxKeyLength = 255;
constexpr auto kKeyLifetime = std::chrono::hours(24);

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
  const std::string user_id = auth_.authenticate(request.header("authorization"));
  const std::string key_text(*key);
  // The body as a JSON value, so that a retry serialised differently (key order, white space,
  // 1.0 for 1) is the same request; a body that is not JSON is compared byte for byte.
  const std::string fingerprint = security::sha256_hex(request.method + " " + request.path + "\n" +
                                                       canonical_json(request.body).value_or(request.body));
  const auto now = clock_.now();
  const auto claim = store_.claim(user_id, key_text, fingerprint, util::to_micros(now), util::to_micros(now - kKeyLifetime));
  switch (claim.outcome) {
    case store::Claim::Outcome::kInProgress:
      throw Error(ErrorCode::kConflict, "A request with this Idempotency-Key is still being processed.");
    case store::Claim::Outcome::kMismatch:
      throw Error(ErrorCode::kValidation, "This Idempotency-Key was used with a different request.",
                  {{"Idempotency-Key", "was used with a different request body"}});
    case store::Claim::Outcome::kReplay: {
      http::Response replay{claim.response.status, claim.response.content_type, claim.response.body, {}};
      if (!claim.response.location.empty()) replay.with_header("Location", claim.response.location);
      return replay.with_header("Idempotent-Replayed", "true");
    }
    case store::Claim::Outcome::kClaimed: break;
  }
  http::Response response;
  try {
    response = handler(request);
  } catch (const Error& error) {
    response = http::problem(error, request.request_id);
  } catch (...) {
    store_.release(user_id, key_text);
    throw;
  }
  // Transient failures may succeed on retry: they are not remembered.
  if (response.status >= 500 || response.status == 429) {
    store_.release(user_id, key_text);
  } else {
    store_.complete(user_id, key_text, {response.status, response.content_type, response.body, location_of(response)});
  }
  return response;
}

}  // namespace habitd::api::v1
