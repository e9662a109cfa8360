#include "security/password_hasher.hpp"

#include <crypt.h>

#include <memory>
#include <stdexcept>

#include "security/random.hpp"

namespace habitd::security {
namespace {

std::string crypt_with(std::string_view password, const char* setting) {
  const std::string terminated(password);
  // struct crypt_data is 32 KiB: on the heap, never on a pool thread's stack.
  auto data = std::make_unique<crypt_data>();
  const char* result = crypt_rn(terminated.c_str(), setting, data.get(), sizeof(crypt_data));
  if (!result || result[0] == '*') return {};
  return result;
}

}  // namespace

PasswordHasher::PasswordHasher(int cost) : cost_(cost) {
  const auto bytes = random_bytes(16);
  dummy_hash_ = hash(base64url(bytes.data(), bytes.size()));
}

std::string PasswordHasher::hash(std::string_view password) const {
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  // A null entropy source makes libxcrypt read the OS random generator itself.
  if (!crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost_), nullptr, 0, setting, sizeof setting))
    throw std::runtime_error("crypt_gensalt_rn failed");
  std::string result = crypt_with(password, setting);
  if (result.empty()) throw std::runtime_error("bcrypt failed");
  return result;
}

bool PasswordHasher::verify(std::string_view password, std::string_view stored_hash) const {
  const std::string setting(stored_hash);
  const std::string computed = crypt_with(password, setting.c_str());
  return !computed.empty() && constant_time_equal(computed, stored_hash);
}

void PasswordHasher::verify_dummy(std::string_view password) const { (void)verify(password, dummy_hash_); }

bool PasswordHasher::needs_rehash(std::string_view stored_hash) const noexcept {
  // "$2b$" then the cost in two digits, then "$".
  if (stored_hash.size() < 7 || stored_hash.substr(0, 4) != "$2b$" || stored_hash[6] != '$') return true;
  const char tens = stored_hash[4];
  const char ones = stored_hash[5];
  if (tens < '0' || tens > '9' || ones < '0' || ones > '9') return true;
  return (tens - '0') * 10 + (ones - '0') != cost_;
}

}  // namespace habitd::security
