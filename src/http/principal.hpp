#pragma once
// Who is making a request, as the transport learns it once from the Authorization header, and
// what a route asks of them. The transport knows credentials, not habits: the user id is opaque.
#include <optional>
#include <string>
#include <string_view>

namespace habitd::http {

// What a route requires of the caller (declared in the route table, checked by the dispatcher).
enum class Access {
  kPublic,     // anyone: health, documents, sign-up and sign-in
  kUser,       // any valid credential whose scope allows the method
  kLoginOnly,  // only an access token from a password login (token management, password, account)
};

enum class Credential {
  kAccessToken,    // a JWT from a password login: may do everything
  kPersonalToken,  // a personal access token: limited by its scope, never kLoginOnly routes
};

enum class Scope {
  kRead,   // GET and HEAD only
  kWrite,  // every method
};

struct Principal {
  std::string user_id;
  Credential credential = Credential::kAccessToken;
  Scope scope = Scope::kWrite;
  std::string token_id;    // the personal access token's id (empty for access tokens)
  std::string session_id;  // an access token's sign-in (empty for personal access tokens)
};

// Turns an Authorization header into a principal. Throws domain::Error kUnauthenticated (401)
// for a missing, malformed, tampered, expired or revoked credential.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Whether authenticate() can answer without blocking (no database look-up): the dispatcher then
  // runs it on the I/O thread instead of a database thread.
  [[nodiscard]] virtual bool verifies_offline(std::optional<std::string_view> authorization) const = 0;
  [[nodiscard]] virtual Principal authenticate(std::optional<std::string_view> authorization) const = 0;
};

}  // namespace habitd::http
