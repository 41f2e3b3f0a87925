// Normalisation: N1-N4.
#include "support.hpp"

TEST(Normalize, EmailAndTwitterValuesAreLowerCased) {  // N1
    EXPECT_EQ(pm::normalize_identifier_value("email", "Jane.Doe@Example.COM"),
              "jane.doe@example.com");
    EXPECT_EQ(pm::normalize_identifier_value("twitter", "JaneDoe"), "janedoe");
}

TEST(Normalize, LowerCasingTouchesAsciiOnly) {  // N1: never locale-dependent
    EXPECT_EQ(pm::normalize_identifier_value("email", "\xC3\x89MILE@X.COM"), "\xC3\x89mile@x.com");
}

TEST(Normalize, OtherTypesKeepTheirValue) {  // N1
    EXPECT_EQ(pm::normalize_identifier_value("facebook", "FooBar"), "FooBar");
    EXPECT_EQ(pm::normalize_identifier_value("external_id", "ABC"), "ABC");
    EXPECT_EQ(pm::normalize_identifier_value("Email", "ABC"), "ABC");
}

TEST(Normalize, IntegersBecomeTheirDecimalString) {  // N2
    EXPECT_EQ(pm::scalar_id_text(json(12345678)), "12345678");
    EXPECT_EQ(pm::scalar_id_text(json(-5)), "-5");
    EXPECT_EQ(pm::scalar_id_text(json(18446744073709551615ULL)), "18446744073709551615");
    EXPECT_EQ(pm::scalar_id_text(json("x")), "x");
}

TEST(Normalize, OtherNonStringsHaveNoText) {  // N2
    for (const json& value :
         {json(1.5), json(true), json(nullptr), json::object(), json::array()}) {
        EXPECT_FALSE(pm::scalar_id_text(value)) << value;
    }
}

TEST(Normalize, SameIdentifierComparesTypeAndNormalisedValue) {  // N3
    EXPECT_TRUE(pm::same_identifier("email", "A@B.C", "email", "a@b.c"));
    EXPECT_FALSE(pm::same_identifier("email", "a@b.c", "external_id", "a@b.c"));
    EXPECT_FALSE(pm::same_identifier("sdk", "A", "sdk", "a"));
}

TEST(Normalize, StandardTypesAreTheSixOfN4) {  // N4
    for (const char* type :
         {"email", "phone_number", "twitter", "facebook", "sdk", "external_id"}) {
        EXPECT_TRUE(pm::is_standard_identifier_type(type)) << type;
    }
    EXPECT_EQ(pm::identifier_kind_of("external_id"), pm::identifier_kind::external_id);
    EXPECT_EQ(pm::identifier_kind_of("member_id"), pm::identifier_kind::custom);
    EXPECT_EQ(pm::identifier_kind_of("EMAIL"), pm::identifier_kind::custom);
}
