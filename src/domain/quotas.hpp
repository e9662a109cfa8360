#pragma once
// The most one account may hold, so that one user cannot exhaust the server's storage or its
// work per request. Configurable (HABITS_MAX_*_PER_USER); a write beyond them is refused with 422.
#include "domain/webhook.hpp"

namespace habitd::domain {

struct Quotas {
  long long habits = 1000;
  long long logs = 250000;                   // e.g. 30 habits logged every day for 22 years
  long long tokens = 50;                     // personal access tokens
  long long webhooks = kMaxWebhooksPerUser;  // the contract's "at most 10 webhooks per user" by default
};

}  // namespace habitd::domain
