// Profile naming: NM1.
#include "support.hpp"

namespace {
std::optional<std::string> name_of(const char* identifiers) {
    return pm::derive_profile_name(json::parse(identifiers));
}
}  // namespace

TEST(Naming, EmailComesFirstWhateverTheOrder) {  // NM1
    EXPECT_EQ(name_of(R"([{"type":"external_id","value":"X"},{"type":"email","value":"a@b.c"}])"),
              "a@b.c");
}

TEST(Naming, EachStandardTypeHasItsPrefix) {  // NM1
    EXPECT_EQ(name_of(R"([{"type":"external_id","value":"FooBar123"}])"), "User FooBar123");
    EXPECT_EQ(name_of(R"([{"type":"phone_number","value":"0411 555 666"}])"), "User 0411 555 666");
    EXPECT_EQ(name_of(R"([{"type":"twitter","value":"foobar"}])"), "Twitter user foobar");
    EXPECT_EQ(name_of(R"([{"type":"facebook","value":"FooBar"}])"), "Facebook user FooBar");
    EXPECT_EQ(name_of(R"([{"type":"sdk","value":"FooBarSDK"}])"), "SDK user FooBarSDK");
}

TEST(Naming, TheOrderIsEmailExternalIdPhoneTwitterFacebookSdk) {  // NM1
    EXPECT_EQ(name_of(R"([{"type":"sdk","value":"s"},{"type":"facebook","value":"f"},
                          {"type":"twitter","value":"t"},{"type":"phone_number","value":"p"},
                          {"type":"external_id","value":"x"}])"),
              "User x");
    EXPECT_EQ(name_of(R"([{"type":"sdk","value":"s"},{"type":"twitter","value":"t"}])"),
              "Twitter user t");
}

TEST(Naming, TheFirstIdentifierOfTheWinningTypeInArrayOrder) {  // NM1
    EXPECT_EQ(
        name_of(R"([{"type":"email","value":"first@x.y"},{"type":"email","value":"second@x.y"}])"),
        "first@x.y");
}

TEST(Naming, CustomTypesNameByTheFirstIdentifierVerbatim) {  // NM1
    EXPECT_EQ(name_of(R"([{"type":"Shado","value":"FooBar"},{"type":"member_id","value":"1"}])"),
              "Shado user FooBar");
}

TEST(Naming, NoIdentifiersNoName) {  // NM1
    EXPECT_FALSE(name_of("[]"));
    EXPECT_FALSE(pm::derive_profile_name(json::object()));
}
