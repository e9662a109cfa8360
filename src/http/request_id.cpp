#include "http/request_id.hpp"

#include <cctype>
#include <cstdint>
#include <random>

namespace habitd::http {
namespace {

constexpr std::size_t kMaxRequestIdLength = 128;

}  // namespace

bool is_valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':')) return false;
  return true;
}

std::string new_request_id() {
  // Not a secret, only unique enough to find a log line: a per-thread generator needs no lock.
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  std::uint64_t bits = generator();
  for (char& c : id) {
    c = kHex[bits & 0xF];
    bits >>= 4;
  }
  return id;
}

std::string request_id_from(std::string_view given) { return is_valid_request_id(given) ? std::string(given) : new_request_id(); }

}  // namespace habitd::http
