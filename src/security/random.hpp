#pragma once
// Randomness from the operating system, digests and encodings for ids and tokens.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace habitd::security {

// Bytes from getrandom(2); throws when the kernel cannot provide them.
[[nodiscard]] std::vector<unsigned char> random_bytes(std::size_t count);
[[nodiscard]] std::string base64url(const unsigned char* data, std::size_t size);
[[nodiscard]] std::string sha256_hex(std::string_view data);
// HMAC-SHA-256 of `data` under `key`, in hex: a digest nobody without the key can compute, so a
// digest of a secret kept in the database cannot be checked against guesses offline.
[[nodiscard]] std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// Constant-time comparison for secrets of equal length.
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b) noexcept;
// A time-ordered UUID (version 7) as 36 characters: ids are unguessable and index-friendly.
[[nodiscard]] std::string new_id();

}  // namespace habitd::security
