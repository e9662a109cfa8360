#pragma once
// Reading a webhook's attempts through GET /api/v1/webhooks/{id}/deliveries, newest first.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "http_client.hpp"

namespace habitd::test {

inline boost::json::array webhook_attempts(HttpClient& http, const Headers& auth, const std::string& webhook_id) {
  auto reply = http.get("/api/v1/webhooks/" + webhook_id + "/deliveries", auth);
  EXPECT_EQ(reply.status, 200) << reply.body;
  return reply.status == 200 ? reply.json().at("items").as_array() : boost::json::array{};
}

// Waits (up to 30 s) until `count` attempts were recorded as delivered; returns those, newest first.
// A test that moves the server's clock waits for this first: a jump past the claim's lease while
// the attempt is not yet recorded would (rightly) send the event again.
inline boost::json::array wait_for_delivered(HttpClient http, const Headers& auth, const std::string& webhook_id,
                                             std::size_t count) {
  using namespace std::chrono_literals;
  const auto until = std::chrono::steady_clock::now() + 30s;
  for (;;) {
    boost::json::array delivered;
    for (const auto& item : webhook_attempts(http, auth, webhook_id))
      if (item.at("outcome").as_string() == "delivered") delivered.push_back(item);
    if (delivered.size() >= count || std::chrono::steady_clock::now() > until) return delivered;
    std::this_thread::sleep_for(100ms);
  }
}

}  // namespace habitd::test
