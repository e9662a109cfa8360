#include "backend.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace habitd::test {

std::string backend_name() {
  const char* name = std::getenv("HABITS_TEST_BACKEND");
  return name ? name : "sqlite";
}

EnvVars backend_env() {
  EnvVars env{{"HABITS_JWT_SECRET", "test-secret-test-secret-test-secret-0123456789"}, {"HABITS_BCRYPT_COST", "4"}};
  if (backend_name() == "postgres") {
    const char* file = std::getenv("HABITS_TEST_PG_URL_FILE");
    if (!file) throw std::runtime_error("HABITS_TEST_PG_URL_FILE is not set: the PostgreSQL test cluster did not start");
    std::ifstream in(file);
    std::string url;
    std::getline(in, url);
    if (url.empty()) throw std::runtime_error(std::string("no PostgreSQL URL in ") + file);
    env.emplace_back("HABITS_DATABASE_URL", url);
  } else {
    env.emplace_back("HABITS_DATABASE_URL", "sqlite:" + make_temp_dir() + "/habits.db");
  }
  return env;
}

}  // namespace habitd::test
