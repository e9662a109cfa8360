#pragma once
// The most one account may hold, so that one user cannot exhaust the server's storage or its
// work per request. Configurable (HABITS_MAX_*_PER_USER); a write beyond them is refused with 422.
namespace habitd::domain {

struct Quotas {
  long long habits = 1000;
  long long logs = 250000;  // e.g. 30 habits logged every day for 22 years
  long long tokens = 50;    // personal access tokens
  long long webhooks = 20;  // for webhook subscriptions (issue #19)
};

}  // namespace habitd::domain
