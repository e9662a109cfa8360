#include "app/config.hpp"

#include <gtest/gtest.h>

#include <map>

namespace habitd::app {
namespace {

EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

TEST(Config, DefaultsMatchTheContract) {
  const Config config = parse_config(env_of({}), {}).config;
  EXPECT_EQ(config.port, 8080);
  EXPECT_EQ(config.bind, "127.0.0.1");
  EXPECT_EQ(config.database_url, "sqlite:habits.db");
  EXPECT_EQ(config.access_token_ttl, std::chrono::seconds(900));
  EXPECT_EQ(config.refresh_token_ttl, std::chrono::seconds(30 * 24 * 3600));
  EXPECT_EQ(config.max_body_bytes, 64u * 1024);
  EXPECT_GE(config.bcrypt_cost, 10);
}

TEST(Config, ReadsEnvironment) {
  const Config config = parse_config(env_of({{"HABITS_PORT", "9000"},
                                             {"HABITS_BIND", "0.0.0.0"},
                                             {"HABITS_DATABASE_URL", "postgresql://u:p@h:5432/d"},
                                             {"HABITS_ACCESS_TOKEN_TTL", "60"},
                                             {"HABITS_BCRYPT_COST", "12"},
                                             {"HABITS_CORS_ORIGINS", "https://a.example, https://b.example"}}),
                                     {})
                            .config;
  EXPECT_EQ(config.port, 9000);
  EXPECT_EQ(config.bind, "0.0.0.0");
  EXPECT_EQ(config.database_url, "postgresql://u:p@h:5432/d");
  EXPECT_EQ(config.access_token_ttl, std::chrono::seconds(60));
  EXPECT_EQ(config.bcrypt_cost, 12);
  EXPECT_EQ(config.cors_origins, (std::vector<std::string>{"https://a.example", "https://b.example"}));
}

TEST(Config, FlagsOverrideEnvironment) {
  const Config config =
      parse_config(env_of({{"HABITS_PORT", "9000"}}), {"--port=9100", "--HABITS_BIND", "::1", "--bcrypt-cost", "11"}).config;
  EXPECT_EQ(config.port, 9100);
  EXPECT_EQ(config.bind, "::1");
  EXPECT_EQ(config.bcrypt_cost, 11);
}

TEST(Config, PlatformVariablesAreTheFallback) {
  EXPECT_EQ(parse_config(env_of({{"PORT", "5000"}}), {}).config.port, 5000);
  EXPECT_EQ(parse_config(env_of({{"PORT", "5000"}, {"HABITS_PORT", "6000"}}), {}).config.port, 6000);
  EXPECT_EQ(parse_config(env_of({{"DATABASE_URL", "postgres://x@y/z"}}), {}).config.database_url, "postgres://x@y/z");
}

TEST(Config, BadValuesAreClearErrors) {
  const auto fails = [](std::map<std::string, std::string> env, std::vector<std::string> args, std::string mention) {
    try {
      (void)parse_config(env_of(std::move(env)), args);
      ADD_FAILURE() << "expected a ConfigError mentioning " << mention;
    } catch (const ConfigError& error) {
      EXPECT_NE(std::string(error.what()).find(mention), std::string::npos) << error.what();
    }
  };
  fails({{"HABITS_PORT", "eighty"}}, {}, "HABITS_PORT");
  fails({{"HABITS_PORT", "70000"}}, {}, "out of range");
  fails({{"HABITS_JWT_SECRET", "short"}}, {}, "32 bytes");
  fails({{"HABITS_DATABASE_URL", "mysql://x"}}, {}, "HABITS_DATABASE_URL");
  fails({{"HABITS_BCRYPT_COST", "3"}}, {}, "HABITS_BCRYPT_COST");
  fails({}, {"--no-such-flag=1"}, "unknown flag");
  fails({}, {"--port"}, "needs a value");
  fails({}, {"serve"}, "unexpected argument");
  fails({{"HABITS_DATABASE_URL", "postgresql://h/d"}, {"HABITS_DATABASE_READ_URL", "sqlite:x.db"}}, {},
        "HABITS_DATABASE_READ_URL: expected postgresql://");
  fails({{"HABITS_DATABASE_URL", "postgresql://h/d"}, {"HABITS_DATABASE_READ_MAX_LAG", "-1"}}, {}, "out of range");
}

TEST(Config, ReadReplicasAreStandbysOfAPostgresPrimary) {
  const Config config =
      parse_config(env_of({{"HABITS_DATABASE_URL", "postgresql://u:p@primary/d"},
                           {"HABITS_DATABASE_READ_URL",
                            " postgresql://u:p@s1:5432,s2:5432/d?target_session_attrs=any  postgres://u:p@s3/d "},
                           {"HABITS_DATABASE_READ_MAX_LAG", "5"}}),
                   {})
          .config;
  EXPECT_EQ(config.database_read_urls,
            (std::vector<std::string>{"postgresql://u:p@s1:5432,s2:5432/d?target_session_attrs=any", "postgres://u:p@s3/d"}));
  EXPECT_EQ(config.database_read_max_lag, std::chrono::seconds(5));
  EXPECT_TRUE(parse_config(env_of({}), {}).config.database_read_urls.empty());

  // SQLite has no standbys: the setting is refused, whichever order the two come in.
  const std::vector<std::pair<std::string, std::vector<std::string>>> sqlite_cases = {
      {"sqlite:a.db", {"--database-read-url=postgresql://s/d"}},
      {"postgresql://p/d", {"--database-read-url=postgresql://s/d", "--database-url=sqlite:x.db"}}};
  for (const auto& [url, args] : sqlite_cases) {
    try {
      (void)parse_config(env_of({{"HABITS_DATABASE_URL", url}}), args);
      ADD_FAILURE() << "SQLite with a read URL was accepted";
    } catch (const ConfigError& error) {
      EXPECT_NE(std::string(error.what()).find("HABITS_DATABASE_URL is SQLite"), std::string::npos) << error.what();
    }
  }
}

TEST(Config, PoolerModeIsNamedAndNeedsPostgres) {
  const auto pooler_of = [](const std::string& value) {
    return parse_config(env_of({{"HABITS_DATABASE_URL", "postgresql://u:p@pgbouncer:6432/d"}, {"HABITS_DATABASE_POOLER", value}}),
                        {})
        .config.database_transaction_pooler;
  };
  EXPECT_TRUE(pooler_of("transaction"));
  EXPECT_FALSE(pooler_of("session"));
  EXPECT_FALSE(pooler_of("none"));
  EXPECT_FALSE(parse_config(env_of({}), {}).config.database_transaction_pooler);
  for (const auto& [url, value] :
       std::vector<std::pair<std::string, std::string>>{{"postgresql://h/d", "statement"}, {"sqlite:a.db", "transaction"}}) {
    try {
      (void)parse_config(env_of({{"HABITS_DATABASE_URL", url}, {"HABITS_DATABASE_POOLER", value}}), {});
      ADD_FAILURE() << url << " with the pooler " << value << " was accepted";
    } catch (const ConfigError& error) {
      EXPECT_NE(std::string(error.what()).find("HABITS_DATABASE_POOLER"), std::string::npos) << error.what();
    }
  }
}

TEST(Config, HelpVersionAndMigrate) {
  EXPECT_EQ(parse_config(env_of({}), {"--help"}).action, CommandLineAction::kHelp);
  EXPECT_EQ(parse_config(env_of({}), {"--version"}).action, CommandLineAction::kVersion);
  EXPECT_TRUE(parse_config(env_of({}), {"migrate"}).config.migrate_only);
  EXPECT_NE(help_text().find("HABITS_JWT_SECRET"), std::string::npos);
}

TEST(Config, BackupAndRestoreTakeAFile) {
  const auto backup = parse_config(env_of({}), {"backup", "/tmp/b.db", "--database-url=sqlite:x.db"});
  EXPECT_EQ(backup.action, CommandLineAction::kBackup);
  EXPECT_EQ(backup.path, "/tmp/b.db");
  EXPECT_EQ(backup.config.database_url, "sqlite:x.db");
  const auto restore = parse_config(env_of({}), {"restore", "b.db"});
  EXPECT_EQ(restore.action, CommandLineAction::kRestore);
  EXPECT_EQ(restore.path, "b.db");
  EXPECT_THROW((void)parse_config(env_of({}), {"backup"}), ConfigError);
  EXPECT_THROW((void)parse_config(env_of({}), {"restore", "--port=1"}), ConfigError);
  EXPECT_THROW((void)parse_config(env_of({}), {"--port=1", "backup", "b.db"}), ConfigError);  // the command comes first
}

}  // namespace
}  // namespace habitd::app
