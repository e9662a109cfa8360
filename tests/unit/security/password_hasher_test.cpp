#include "security/password_hasher.hpp"

#include <gtest/gtest.h>

namespace habitd::security {
namespace {

// ASVS V2.4.1, V2.4.2, V2.4.4: a salted bcrypt hash at the configured cost, never the password.
TEST(PasswordHasher, HashesAreSaltedBcryptAtTheConfiguredCost) {
  const PasswordHasher hasher(10);
  const std::string first = hasher.hash("correct horse battery");
  const std::string second = hasher.hash("correct horse battery");
  EXPECT_EQ(first.rfind("$2b$10$", 0), 0U) << first;
  EXPECT_EQ(first.size(), 60U);
  EXPECT_NE(first, second);  // a fresh 128-bit salt each time
  EXPECT_EQ(first.find("correct horse battery"), std::string::npos);
  EXPECT_TRUE(hasher.verify("correct horse battery", first));
  EXPECT_TRUE(hasher.verify("correct horse battery", second));
  EXPECT_FALSE(hasher.verify("correct horse batterY", first));
  EXPECT_FALSE(hasher.verify("", first));
  EXPECT_FALSE(hasher.verify("correct horse battery", "not a hash"));
}

TEST(PasswordHasher, AHashOfAnotherCostNeedsARehash) {
  const PasswordHasher hasher(5);
  EXPECT_FALSE(hasher.needs_rehash(hasher.hash("a fine password")));
  EXPECT_TRUE(hasher.needs_rehash(PasswordHasher(4).hash("a fine password")));
  EXPECT_TRUE(hasher.needs_rehash("$2y$05$abcdefghijklmnopqrstuv"));
  EXPECT_TRUE(hasher.needs_rehash("not a hash"));
  EXPECT_TRUE(hasher.needs_rehash(""));
}

}  // namespace
}  // namespace habitd::security
