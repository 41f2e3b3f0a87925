// Effects: their wire form (docs/conformance.md) for every kind.
#include "support.hpp"

TEST(Effect, EveryKindHasItsWireForm) {  // P5, U3, E5-E7
    EXPECT_EQ(pm::to_json(pm::add_user_identity{"email", "a@b.c"}),
              json::parse(R"({"kind":"add_user_identity","type":"email","value":"a@b.c"})"));
    EXPECT_EQ(pm::to_json(pm::set_user_external_id{"X"}),
              json::parse(R"({"kind":"set_user_external_id","value":"X"})"));
    EXPECT_EQ(
        pm::to_json(pm::resolve_user{{{"sdk", "1"}}, "SDK user 1"}),
        json::parse(
            R"({"kind":"resolve_user","identifiers":[{"type":"sdk","value":"1"}],"anonymous_name":"SDK user 1"})"));
    EXPECT_EQ(pm::to_json(pm::add_secondary_email{"a@b.c"}),
              json::parse(R"({"kind":"add_secondary_email","value":"a@b.c"})"));
    EXPECT_EQ(pm::to_json(pm::phone_changed{"+12"}),
              json::parse(R"({"kind":"phone_changed","value":"+12"})"));
    EXPECT_EQ(pm::to_json(pm::set_default_organization{std::nullopt}),
              json::parse(R"({"kind":"set_default_organization","organization_id":null})"));
    EXPECT_EQ(pm::to_json(pm::fetch_remote_photo{"https://x"}),
              json::parse(R"({"kind":"fetch_remote_photo","url":"https://x"})"));
}

TEST(Effect, KindFollowsTheVariantAlternative) {
    EXPECT_EQ(pm::kind_of(pm::effect{pm::phone_changed{}}), pm::effect_kind::phone_changed);
    EXPECT_EQ(pm::to_string(pm::effect_kind::resolve_user), "resolve_user");
}
