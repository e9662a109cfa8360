#include "domain/validation.hpp"

#include <gtest/gtest.h>

namespace habitd::domain {
namespace {

TEST(Validation, Emails) {
  for (const char* good : {"a@b.co", "first.last+tag@example.com", "x@sub.domain.org", "UPPER@EXAMPLE.COM"})
    EXPECT_FALSE(check_email(good)) << good;
  for (const char* bad : {"", "plain", "@x.com", "a@", "a@b", "a@@b.com", "a b@c.com", "a@b..com", ".a@b.com", "a.@b.com",
                          "a@-b.com", "a@b.com ", "a<b>@c.com", "a@b_c.com"})
    EXPECT_TRUE(check_email(bad)) << bad;
  EXPECT_TRUE(check_email(std::string(250, 'a') + "@b.com"));
}

TEST(Validation, Usernames) {
  for (const char* good : {"abc", "a_b.c-d", "ABC123", "abcdefghijklmnopqrstuvwxyz012345"})
    EXPECT_FALSE(check_username(good)) << good;
  for (const char* bad : {"ab", "", "has space", "emoji😀", "abcdefghijklmnopqrstuvwxyz0123456", "a/b"})
    EXPECT_TRUE(check_username(bad)) << bad;
}

TEST(Validation, PasswordsCountBytes) {
  EXPECT_TRUE(check_password("1234567"));
  EXPECT_FALSE(check_password("12345678"));
  EXPECT_FALSE(check_password(std::string(72, 'x')));
  EXPECT_TRUE(check_password(std::string(73, 'x')));
  // 24 three-byte characters are 72 bytes; 25 are 75.
  std::string euro;
  for (int i = 0; i < 25; ++i) euro += "€";
  EXPECT_TRUE(check_password(euro));
}

TEST(Validation, Timezones) {
  EXPECT_FALSE(check_timezone("UTC"));
  EXPECT_FALSE(check_timezone("Europe/Berlin"));
  EXPECT_FALSE(check_timezone("Pacific/Kiritimati"));
  EXPECT_TRUE(check_timezone("Mars/Olympus"));
  EXPECT_TRUE(check_timezone(""));
  EXPECT_TRUE(check_timezone("../../etc/passwd"));
}

TEST(Validation, TextCountsCharactersNotBytes) {
  std::string hundred_umlauts;
  for (int i = 0; i < 100; ++i) hundred_umlauts += "ü";
  EXPECT_EQ(character_count(hundred_umlauts), 100u);
  EXPECT_FALSE(check_text(hundred_umlauts, 100));
  EXPECT_TRUE(check_text(hundred_umlauts + "x", 100));
  EXPECT_FALSE(check_text("line one\nline two\ttab", 100));
  EXPECT_TRUE(check_text(std::string("bell\a"), 100));
  EXPECT_TRUE(check_text(std::string("nul\0x", 5), 100));
  EXPECT_FALSE(check_text("<script>alert('x')</script> \"quoted\"", 100));
}

TEST(Validation, TrimAndFold) {
  EXPECT_EQ(trim("  a b \n"), "a b");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(fold_case("MiXeD@Example.COM"), "mixed@example.com");
}

TEST(Validation, IdsAreUuidShaped) {
  EXPECT_TRUE(is_id("0193a1f0-3c4d-7e21-8a3b-5c6d7e8f9012"));
  EXPECT_TRUE(is_id("0193A1F0-3C4D-7E21-8A3B-5C6D7E8F9012"));
  EXPECT_FALSE(is_id(""));
  EXPECT_FALSE(is_id("nope"));
  EXPECT_FALSE(is_id("0193a1f0-3c4d-7e21-8a3b-5c6d7e8f901"));    // one digit short
  EXPECT_FALSE(is_id("0193a1f0-3c4d-7e21-8a3b-5c6d7e8f90123"));  // one too many
  EXPECT_FALSE(is_id("0193a1f0c3c4dc7e21c8a3bc5c6d7e8f9012"));   // no dashes
  EXPECT_FALSE(is_id("0193a1f0-3c4d-7e21-8a3b-5c6d7e8f901g"));
  EXPECT_FALSE(is_id("0193a1f0-3c4d-7e21-8a3b-5c6d7e8f901\xff"));
  EXPECT_FALSE(is_id(std::string("0193a1f0-3c4d-7e21-8a3b-5c6d7e8f901\0", 36)));
}

TEST(Validation, DayStart) {
  EXPECT_EQ(parse_day_start("00:00"), 0);
  EXPECT_EQ(parse_day_start("04:30"), 270);
  EXPECT_EQ(parse_day_start("23:59"), 1439);
  for (const char* bad : {"24:00", "12:60", "4:30", "04:3", "0430", "aa:bb", ""}) EXPECT_FALSE(parse_day_start(bad)) << bad;
  EXPECT_EQ(format_day_start(270), "04:30");
  EXPECT_EQ(format_day_start(1439), "23:59");
}

}  // namespace
}  // namespace habitd::domain
