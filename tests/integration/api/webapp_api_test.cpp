// The web app's files, served from the binary: types, policy, ETags and 304s, the worker's scope.
#include <algorithm>
#include <cctype>
#include <set>

#include "api_fixture.hpp"

namespace habitd::test {
namespace {

class WebAppApi : public ApiTest {};

// "…" around 20 lower-case hex digits (std::regex trips a GCC 12 warning, so by hand).
bool is_strong_tag(const std::string& tag) {
  return tag.size() == 22 && tag.front() == '"' && tag.back() == '"' && std::all_of(tag.begin() + 1, tag.end() - 1, [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) && !std::isupper(static_cast<unsigned char>(c));
         });
}

// Every "/app/..." the page names in a src or href attribute.
std::set<std::string> app_references(const std::string& html) {
  std::set<std::string> files;
  for (const std::string attribute : {"src=\"/app/", "href=\"/app/"}) {
    for (auto at = html.find(attribute); at != std::string::npos; at = html.find(attribute, at + 1)) {
      const auto start = at + attribute.size() - 5;  // from "/app/"
      files.insert(html.substr(start, html.find('"', start) - start));
    }
  }
  return files;
}

TEST_F(WebAppApi, ThePageIsServedUnderAStrictPolicyWithAnETag) {
  auto http = client();
  const auto page = http.get("/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  const std::string policy = page.header("content-security-policy");
  EXPECT_NE(policy.find("script-src 'self'"), std::string::npos) << policy;
  EXPECT_NE(policy.find("style-src 'self'"), std::string::npos) << policy;
  EXPECT_NE(policy.find("default-src 'none'"), std::string::npos) << policy;
  EXPECT_EQ(policy.find("unsafe"), std::string::npos) << policy;
  EXPECT_EQ(page.header("cache-control"), "no-cache");
  EXPECT_EQ(page.header("x-content-type-options"), "nosniff");
  const std::string etag = page.header("etag");
  EXPECT_TRUE(is_strong_tag(etag)) << etag;
  EXPECT_NE(page.body.find("/app/main.js"), std::string::npos);

  const auto again = http.get("/", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("etag"), etag);
  EXPECT_EQ(http.get("/", {{"If-None-Match", "\"other\", W/" + etag}}).status, 304);  // weak comparison
  EXPECT_EQ(http.get("/", {{"If-None-Match", "*"}}).status, 304);
  EXPECT_EQ(http.get("/", {{"If-None-Match", "\"other\""}}).status, 200);
  EXPECT_EQ(http.request("HEAD", "/").status, 200);
}

TEST_F(WebAppApi, EveryFileThePageNamesIsServedWithItsType) {
  auto http = client();
  const auto page = http.get("/");
  const auto files = app_references(page.body);
  std::set<std::string> etags;
  for (const auto& file : files) {
    const auto reply = http.get(file);
    EXPECT_EQ(reply.status, 200) << file;
    etags.insert(reply.header("etag"));
  }
  EXPECT_GE(files.size(), 4u);
  EXPECT_EQ(etags.size(), files.size()) << "each file has its own tag";
  EXPECT_EQ(http.get("/app/main.js").header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(http.get("/app/app.css").header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(http.get("/app/manifest.webmanifest").header("content-type"), "application/manifest+json");
  EXPECT_EQ(http.get("/app/icon.svg").header("content-type"), "image/svg+xml");
  const auto png = http.get("/app/icon-192.png");
  EXPECT_EQ(png.header("content-type"), "image/png");
  ASSERT_GE(png.body.size(), 8u);
  EXPECT_EQ(png.body.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));  // binary bytes intact
  const auto manifest = http.get("/app/manifest.webmanifest").json().as_object();
  EXPECT_EQ(manifest.at("start_url").as_string(), "/#/today");
  EXPECT_EQ(manifest.at("display").as_string(), "standalone");
  expect_problem(http.get("/app/nothing.js"), 404);
  expect_problem(http.get("/app/"), 404);
}

TEST_F(WebAppApi, TheServiceWorkerServesTheWholeOriginAndPrecachesTheShell) {
  auto http = client();
  const auto worker = http.get("/app/sw.js");
  ASSERT_EQ(worker.status, 200);
  EXPECT_EQ(worker.header("service-worker-allowed"), "/");
  EXPECT_EQ(worker.body.find("/*SHELL*/"), std::string::npos) << "the build fills in the shell list";
  EXPECT_EQ(worker.body.find("'/*VERSION*/dev'"), std::string::npos) << "the build fills in the version";
  for (const char* file : {"\"/\"", "\"/app/main.js\"", "\"/app/app.css\"", "\"/app/today.js\"", "\"/app/manifest.webmanifest\""})
    EXPECT_NE(worker.body.find(file), std::string::npos) << file;
  EXPECT_EQ(worker.body.find("\"/app/sw.js\""), std::string::npos) << "the worker does not cache itself";
}

}  // namespace
}  // namespace habitd::test
