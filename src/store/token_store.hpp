#pragma once
// Personal access tokens, kept as hashes. Every method that reads or changes a user's tokens takes
// the user id, except the look-up by hash that authentication makes.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/personal_token.hpp"

namespace habitd::store {

class Database;

struct StoredToken {
  domain::PersonalToken token;
  std::string token_hash;
};

class TokenStore {
 public:
  explicit TokenStore(Database& database) : database_(database) {}

  // Inserts the token unless its user already has `max_per_user` (then domain kValidation, 422).
  void insert(const domain::PersonalToken& token, const std::string& token_hash, int max_per_user) const;
  [[nodiscard]] std::vector<domain::PersonalToken> list(const std::string& user_id) const;
  // False when the user has no such token.
  [[nodiscard]] bool remove(const std::string& user_id, const std::string& token_id) const;
  [[nodiscard]] std::optional<StoredToken> find_by_hash(const std::string& token_hash) const;
  // Records when tokens were last used (token id -> microseconds), never moving a stamp back.
  void record_last_used(const std::unordered_map<std::string, std::int64_t>& stamps) const;

 private:
  Database& database_;
};

}  // namespace habitd::store
