#include "backend.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace habitd::test {

std::string backend_name() {
  const char* name = std::getenv("HABITS_TEST_BACKEND");
  return name ? name : "sqlite";
}

namespace {

std::string test_cluster_url() {
  const char* file = std::getenv("HABITS_TEST_PG_URL_FILE");
  if (!file) throw std::runtime_error("HABITS_TEST_PG_URL_FILE is not set: the PostgreSQL test cluster did not start");
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  if (url.empty()) throw std::runtime_error(std::string("no PostgreSQL URL in ") + file);
  return url;
}

}  // namespace

EnvVars backend_env() {
  EnvVars env{{"HABITS_JWT_SECRET", "test-secret-test-secret-test-secret-0123456789"}, {"HABITS_BCRYPT_COST", "4"}};
  if (backend_name() == "postgres") {
    env.emplace_back("HABITS_DATABASE_URL", test_cluster_url());
    // Failed logins are counted in the database on PostgreSQL, and every suite's servers share the
    // test database and the client address 127.0.0.1: one suite's failures would spend another's
    // budget. A test of the address budget sets its own after this (the last value wins) and runs
    // on a database of its own (backend_env_alone).
    env.emplace_back("HABITS_LOGIN_FAILURES_PER_ADDRESS", "1000000");
    // The request and sign-up limits are divided among the live processes on the database
    // (security/fleet.hpp): every suite's servers would shrink each other's budgets for
    // 127.0.0.1, and each user's. Tests of those limits set their own and run on a database of
    // their own.
    env.emplace_back("HABITS_RATE_LIMIT_PER_USER", "100000000");
    env.emplace_back("HABITS_RATE_LIMIT_PER_ADDRESS", "100000000");
    env.emplace_back("HABITS_REGISTRATIONS_PER_ADDRESS", "1000000");
  } else {
    env.emplace_back("HABITS_DATABASE_URL", "sqlite:" + make_temp_dir() + "/habits.db");
  }
  return env;
}

EnvVars backend_env_alone() {
  EnvVars env = backend_env();
  if (backend_name() != "postgres") return env;  // a fresh SQLite file already
  static std::atomic<int> counter{0};
  const std::string url = test_cluster_url();  // postgresql://habitd:habitd@127.0.0.1:PORT/habitd
  const std::string name = "habitd_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  const std::string command = "psql '" + url + "' -v ON_ERROR_STOP=1 -q -c 'CREATE DATABASE " + name + "'";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("could not create the database " + name);
  for (auto& [key, value] : env)
    if (key == "HABITS_DATABASE_URL") value = url.substr(0, url.rfind('/') + 1) + name;
  return env;
}

}  // namespace habitd::test
