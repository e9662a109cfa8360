#include "api/v1/read_tag.hpp"

#include <openssl/sha.h>

#include <charconv>

namespace habitd::api::v1 {
namespace {

void append_part(std::string& key, std::string_view part) {
  key += std::to_string(part.size());
  key += ':';
  key += part;
}

}  // namespace

std::string read_key(const std::string& user_id, domain::Date today, std::string_view path,
                     const std::vector<std::pair<std::string, std::string>>& query) {
  std::string key;
  key.reserve(user_id.size() + path.size() + 48);
  append_part(key, user_id);
  append_part(key, domain::format_date(today));
  append_part(key, path);
  for (const auto& [name, value] : query) {
    append_part(key, name);
    append_part(key, value);
  }
  return key;
}

std::string read_key(const std::string& user_id, domain::Date today, const http::Request& request,
                     const std::vector<std::string>& params) {
  // Only what the endpoint reads (the first value of each, as query_param gives it): `?x=1`,
  // `?x=2`... name the same answer, so they share its cache entry and its single flight.
  std::vector<std::pair<std::string, std::string>> read;
  for (const auto& name : params)
    if (const auto value = request.query_param(name)) read.emplace_back(name, std::string(*value));
  return read_key(user_id, today, request.path, read);
}

std::string read_tag(const std::string& key, std::int64_t data_version) {
  const std::string material = key + "@" + std::to_string(data_version);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(material.data()), material.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string tag = "\"" + std::to_string(data_version) + ".";
  for (int i = 0; i < 12; ++i) {
    tag += kHex[digest[i] >> 4];
    tag += kHex[digest[i] & 0xF];
  }
  tag += '"';
  return tag;
}

std::optional<std::int64_t> version_in_tag(std::string_view tag) {
  if (tag.size() < 4 || tag.front() != '"' || tag.back() != '"') return std::nullopt;
  const auto dot = tag.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::int64_t version = 0;
  const auto [end, error] = std::from_chars(tag.data() + 1, tag.data() + dot, version);
  if (error != std::errc() || end != tag.data() + dot) return std::nullopt;
  return version;
}

}  // namespace habitd::api::v1
