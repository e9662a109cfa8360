// RFC 9110 conditional requests: tag lists, weak and strong comparison, and 304 answers.
#include "http/conditional.hpp"

#include <gtest/gtest.h>

namespace habitd::http {
namespace {

TEST(Conditional, ParsesListsOfTagsAndStar) {
  EXPECT_FALSE(parse_tag_list(std::nullopt).has_value());
  const auto list = parse_tag_list(R"("a", W/"b",  "c,d")");
  ASSERT_TRUE(list);
  EXPECT_FALSE(list->any);
  EXPECT_EQ(list->tags, (std::vector<std::string>{R"("a")", R"(W/"b")", R"("c,d")"}));
  EXPECT_TRUE(parse_tag_list("*")->any);
  EXPECT_TRUE(parse_tag_list("garbage")->tags.empty());  // nothing readable matches nothing
}

TEST(Conditional, WeakComparisonIgnoresWeaknessStrongDoesNot) {
  const auto list = *parse_tag_list(R"(W/"a", "b")");
  EXPECT_TRUE(matches_weakly(list, R"("a")"));
  EXPECT_TRUE(matches_weakly(list, R"(W/"b")"));
  EXPECT_FALSE(matches_strongly(list, R"("a")"));
  EXPECT_TRUE(matches_strongly(list, R"("b")"));
  EXPECT_FALSE(matches_strongly(list, R"(W/"b")"));
  EXPECT_TRUE(matches_strongly(*parse_tag_list("*"), R"("anything")"));
}

TEST(Conditional, BodyTagsAreStrongAndFollowTheBytes) {
  EXPECT_EQ(tag_of_body("abc"), tag_of_body("abc"));
  EXPECT_NE(tag_of_body("abc"), tag_of_body("abd"));
  EXPECT_EQ(tag_of_body("abc").front(), '"');
}

TEST(Conditional, AMatchingGetBecomes304WithoutABody) {
  Request request;
  request.method = "GET";
  Response response{200, "application/json", R"({"a":1})", {}};
  apply_if_none_match(request, response);
  const auto tag = etag_of(response);
  ASSERT_TRUE(tag);
  request.headers.emplace_back("if-none-match", *tag);
  Response again{200, "application/json", R"({"a":1})", {}};
  apply_if_none_match(request, again);
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(etag_of(again), tag);
  // Only 200 answers to reads are tagged.
  Request post;
  post.method = "POST";
  Response created{201, "application/json", "{}", {}};
  apply_if_none_match(post, created);
  EXPECT_FALSE(etag_of(created));
}

}  // namespace
}  // namespace habitd::http
