#pragma once
// What every fuzz target shares: turning bytes into a request, and the one rule for outcomes.
// A parser may refuse input only with a client error (400, 415, 422); anything else that escapes
// (another exception, an internal error code) is what the server would answer with 500, so it
// aborts, and libFuzzer reports it as a crash with the input that caused it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "http/request.hpp"

namespace habitd::fuzz {

[[noreturn]] inline void fail(std::string_view why) {
  std::fprintf(stderr, "fuzz target failure: %.*s\n", static_cast<int>(why.size()), why.data());
  std::abort();
}

inline void check(bool condition, std::string_view why) {
  if (!condition) fail(why);
}

// The refusals a parser may give: they become 400, 415 or 422 with a clear message.
inline void expect_client_error(const domain::Error& error) {
  const auto code = error.code();
  check(code == domain::ErrorCode::kMalformed || code == domain::ErrorCode::kValidation ||
            code == domain::ErrorCode::kUnsupportedMediaType,
        "a parser refused input with something other than 400, 415 or 422");
  check(!error.detail().empty(), "a refusal without a detail");
  if (code == domain::ErrorCode::kValidation) check(!error.fields().empty() || !error.detail().empty(), "422 without a reason");
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A POST with a JSON body, as the server hands it to a handler.
inline http::Request json_request(std::string_view body) {
  http::Request request;
  request.method = "POST";
  request.path = "/fuzz";
  request.headers.emplace_back("content-type", "application/json");
  request.body = std::string(body);
  return request;
}

// Whether `text` is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
inline bool is_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned min = 0;
    unsigned code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
      code = c & 0x1FU;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      code = c & 0x0FU;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      code = c & 0x07U;
      min = 0x10000;
    } else
      return false;
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0U) != 0x80U) return false;
      code = (code << 6U) | (next & 0x3FU);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

}  // namespace habitd::fuzz
