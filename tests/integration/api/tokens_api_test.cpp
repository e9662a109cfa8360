// Personal access tokens: made by a password login, used as Bearer hbt_..., limited by scope,
// revoked at once, by a password change, and with the account.
#include "api_fixture.hpp"

namespace habitd::test {
namespace {

class TokensApi : public ApiTest {
 protected:
  Reply make_token(const Account& a, boost::json::object body) { return client().post("/api/v1/tokens", body, a.auth()); }
  std::string secret(const Account& a, const std::string& scope) {
    auto reply = make_token(a, {{"name", "script " + scope}, {"scope", scope}});
    EXPECT_EQ(reply.status, 201) << reply.body;
    return std::string(reply.json().at("token").as_string());
  }
};

TEST_F(TokensApi, ATokenIsShownOnceAndStoredOnlyAsAHash) {
  const Account a = register_user();
  auto created = make_token(a, {{"name", "  backup script  "}, {"scope", "read"}, {"expires_at", "2999-01-01T00:00:00Z"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto token = created.json().as_object();
  const std::string secret(token.at("token").as_string());
  EXPECT_EQ(secret.rfind("hbt_", 0), 0u);
  EXPECT_GE(secret.size(), 4u + 43u);  // 256 random bits, base64url
  EXPECT_EQ(token.at("name").as_string(), "backup script");
  EXPECT_EQ(token.at("scope").as_string(), "read");
  EXPECT_EQ(token.at("expires_at").as_string(), "2999-01-01T00:00:00Z");
  EXPECT_TRUE(token.at("last_used_at").is_null());
  const auto list = client().get("/api/v1/tokens", a.auth());
  ASSERT_EQ(list.status, 200) << list.body;
  const auto items = list.json().at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_FALSE(items[0].as_object().contains("token"));
  EXPECT_EQ(list.body.find(secret), std::string::npos);
  EXPECT_EQ(list.json().at("total").as_int64(), 1);
}

TEST_F(TokensApi, AReadTokenMayOnlyRead) {
  const Account a = register_user();
  const auto read = bearer(secret(a, "read"));
  EXPECT_EQ(client().get("/api/v1/habits", read).status, 200);
  EXPECT_EQ(client().get("/api/v1/users/me", read).json().at("id").as_string(), a.id);
  const auto refused = client().post("/api/v1/habits", {{"name", "x"}, {"frequency", "daily"}}, read);
  expect_problem(refused, 403);
  EXPECT_EQ(refused.header("www-authenticate"), "Bearer error=\"insufficient_scope\"");
  EXPECT_EQ(client().get("/api/v1/habits", a.auth()).json().at("total").as_int64(), 0);  // it never reached a handler
}

TEST_F(TokensApi, AWriteTokenMayDoAllButManageTokensAndTheAccount) {
  const Account a = register_user();
  const auto write = bearer(secret(a, "write"));
  auto habit = client().post("/api/v1/habits", {{"name", "scripted"}, {"frequency", "daily"}}, write);
  ASSERT_EQ(habit.status, 201) << habit.body;
  const std::string id(habit.json().at("id").as_string());
  EXPECT_EQ(client().post("/api/v1/habits/" + id + "/logs", boost::json::object{}, write).status, 201);
  expect_problem(client().get("/api/v1/tokens", write), 403);
  expect_problem(client().post("/api/v1/tokens", {{"name", "more"}, {"scope", "write"}}, write), 403);
  expect_problem(
      client().post("/api/v1/users/me/password", {{"current_password", a.password}, {"new_password", "another good one"}}, write),
      403);
  expect_problem(client().request("DELETE", "/api/v1/users/me", R"({"password": ")" + a.password + "\"}", write), 403);
}

TEST_F(TokensApi, RevokedUnknownAndExpiredTokensAre401) {
  const Account a = register_user();
  auto created = make_token(a, {{"name", "short"}, {"scope", "read"}});
  const std::string secret(created.json().at("token").as_string());
  const std::string id(created.json().at("id").as_string());
  EXPECT_EQ(client().get("/api/v1/habits", bearer(secret)).status, 200);
  ASSERT_EQ(client().del("/api/v1/tokens/" + id, a.auth()).status, 204);
  const auto revoked = client().get("/api/v1/habits", bearer(secret));
  expect_problem(revoked, 401);
  EXPECT_EQ(revoked.header("www-authenticate"), "Bearer");
  expect_problem(client().get("/api/v1/habits", bearer("hbt_" + std::string(43, 'A'))), 401);
  expect_problem(client().get("/api/v1/habits", bearer("hbt_")), 401);
  expect_problem(client().del("/api/v1/tokens/" + id, a.auth()), 404);
  // Another user's token id is not found either.
  const Account b = register_user();
  const std::string other(make_token(b, {{"name", "b"}, {"scope", "read"}}).json().at("id").as_string());
  expect_problem(client().del("/api/v1/tokens/" + other, a.auth()), 404);
}

TEST_F(TokensApi, APasswordChangeRevokesEveryTokenAndDeletingTheAccountDeletesThem) {
  const Account a = register_user();
  const auto read = bearer(secret(a, "read"));
  const auto write = bearer(secret(a, "write"));
  ASSERT_EQ(
      client()
          .post("/api/v1/users/me/password", {{"current_password", a.password}, {"new_password", "a brand new secret"}}, a.auth())
          .status,
      204);
  expect_problem(client().get("/api/v1/habits", read), 401);
  expect_problem(client().get("/api/v1/habits", write), 401);
  EXPECT_EQ(client().get("/api/v1/tokens", a.auth()).json().at("total").as_int64(), 0);
}

TEST_F(TokensApi, BadInputIsAClearProblem) {
  const Account a = register_user();
  auto bad = make_token(a, {{"name", ""}, {"scope", "admin"}, {"expires_at", "tomorrow"}});
  expect_problem(bad, 422);
  const auto fields = error_fields(bad);
  for (const char* field : {"name", "scope", "expires_at"})
    EXPECT_NE(std::find(fields.begin(), fields.end(), field), fields.end()) << field << " " << bad.body;
  expect_problem(make_token(a, {{"name", "past"}, {"scope", "read"}, {"expires_at", "2001-01-01T00:00:00Z"}}), 422);
  expect_problem(make_token(a, {{"name", std::string(101, 'n')}, {"scope", "read"}}), 422);
  expect_problem(make_token(a, {{"scope", "read"}}), 422);
  EXPECT_EQ(make_token(a, {{"name", "offset"}, {"scope", "read"}, {"expires_at", "2999-01-01T09:30:00+02:00"}})
                .json()
                .at("expires_at")
                .as_string(),
            "2999-01-01T07:30:00Z");
  EXPECT_EQ(make_token(a, {{"name", "no expiry"}, {"scope", "read"}, {"expires_at", nullptr}}).status, 201);
}

TEST_F(TokensApi, TheFiftyFirstTokenIsRefused) {
  const Account a = register_user();
  for (int i = 0; i < 50; ++i) ASSERT_EQ(make_token(a, {{"name", "t" + std::to_string(i)}, {"scope", "read"}}).status, 201) << i;
  const auto refused = make_token(a, {{"name", "one too many"}, {"scope", "read"}});
  expect_problem(refused, 422);
  EXPECT_NE(refused.body.find("50"), std::string::npos) << refused.body;
}

TEST_F(TokensApi, ATokenOfADeletedAccountIs401) {
  const Account a = register_user();
  const auto read = bearer(secret(a, "read"));
  ASSERT_EQ(client().request("DELETE", "/api/v1/users/me", R"({"password": ")" + a.password + "\"}", a.auth()).status, 204);
  expect_problem(client().get("/api/v1/habits", read), 401);
}

// last_used_at is noted in memory and written at most once a minute (so a read stays a read); a
// clean stop writes what was noted.
TEST(TokensLastUse, IsWrittenByTheTimeTheServerStops) {
  const EnvVars env = backend_env();
  std::string secret, id, access;
  {
    ServerProcess server(env);
    HttpClient http(server.port());
    const std::string name = "lastuse" + std::to_string(::getpid());
    ASSERT_EQ(http.post("/api/v1/auth/register",
                        {{"email", name + "@example.com"}, {"username", name}, {"password", "a good password"}})
                  .status,
              201);
    access = std::string(http.post("/api/v1/auth/login", {{"login", name}, {"password", "a good password"}})
                             .json()
                             .at("access_token")
                             .as_string());
    auto created = http.post("/api/v1/tokens", {{"name", "cron"}, {"scope", "read"}}, bearer(access));
    secret = std::string(created.json().at("token").as_string());
    id = std::string(created.json().at("id").as_string());
    for (int i = 0; i < 3; ++i) ASSERT_EQ(http.get("/api/v1/habits", bearer(secret)).status, 200);
    EXPECT_EQ(server.stop(), 0);
  }
  ServerProcess again(env);
  HttpClient http(again.port());
  const auto list = http.get("/api/v1/tokens", bearer(access));
  ASSERT_EQ(list.status, 200) << list.body;
  bool found = false;
  const auto body = list.json();
  for (const auto& token : body.at("items").as_array())
    if (token.at("id").as_string() == id) {
      found = true;
      EXPECT_TRUE(token.at("last_used_at").is_string()) << list.body;
    }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace habitd::test
