// Optimistic concurrency: G10.
#include "support.hpp"

using namespace test_support;

TEST(Etag, IsQuotedSixteenLowercaseHexDigitsOfFnv1aOverTheCompactDump) {  // G10
    // FNV-1a-64 of the two bytes "{}" computed by hand from the offset basis and prime.
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : std::string("{}")) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    }
    char expected[19];
    std::snprintf(expected, sizeof expected, "\"%016llx\"", static_cast<unsigned long long>(hash));
    EXPECT_EQ(pm::etag(json::object()), expected);
    EXPECT_EQ(pm::etag(json::object()), "\"" + std::string(expected + 1, 16) + "\"");
    EXPECT_EQ(pm::detail::fnv1a_64(""), 0xcbf29ce484222325ULL);
    EXPECT_EQ(pm::detail::fnv1a_64("a"), 0xaf63dc4c8601ec8cULL);  // published FNV-1a test vector
}

TEST(Etag, DoesNotDependOnMemberOrder) {  // G10: keys sorted in the dump
    EXPECT_EQ(pm::etag(json::parse(R"({"a":1,"b":2})")), pm::etag(json::parse(R"({"b":2,"a":1})")));
}

TEST(Etag, ChangesWhenTheEntityChanges) {  // G10
    json other = coolbikes_profile();
    other["name"] = "x";
    EXPECT_NE(pm::etag(coolbikes_profile()), pm::etag(other));
}

TEST(Etag, IllFormedUtf8DoesNotThrow) {  // G10, hostile input
    EXPECT_NO_THROW((void)pm::etag(json(std::string("\xFF\xFE"))));
}

TEST(Etag, IfMatchStarMatchesAnyStoredEntityButNotNothing) {  // G10
    EXPECT_TRUE(pm::if_match_allows("*", coolbikes_profile()));
    EXPECT_TRUE(pm::if_match_allows(pm::etag(coolbikes_profile()), coolbikes_profile()));
    EXPECT_FALSE(pm::if_match_allows("\"0000000000000000\"", coolbikes_profile()));
    EXPECT_FALSE(pm::if_match_allows("*", json(nullptr)));
}
