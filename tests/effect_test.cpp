// Effects: their wire form (docs/conformance.md) for every kind.
#include "support.hpp"

using namespace test_support;

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

namespace {
// The documented way to visit an effect: an overload set with one function per
// alternative (one missing does not compile).
template <class... Functions>
struct overloaded : Functions... {
    using Functions::operator()...;
};
template <class... Functions>
overloaded(Functions...) -> overloaded<Functions...>;

// What a server applying effects does with each kind, as text.
std::string applied(const pm::effect& e) {
    return std::visit(
        overloaded{
            [](const pm::add_user_identity& a) { return "identity " + a.type + " " + a.value; },
            [](const pm::set_user_external_id& a) { return "external_id " + a.value; },
            [](const pm::resolve_user& a) { return "resolve " + a.anonymous_name; },
            [](const pm::add_secondary_email& a) { return "secondary " + a.value; },
            [](const pm::phone_changed& a) { return "phone " + a.value.value_or("none"); },
            [](const pm::set_default_organization& a) {
                return "organization " +
                       (a.organization_id ? std::to_string(*a.organization_id) : "none");
            },
            [](const pm::fetch_remote_photo& a) { return "photo " + a.url; },
        },
        e);
}
}  // namespace

// Each API emits only its own kinds (emitted_by), and a visitor sees each one.
TEST(Effect, EachApiEmitsItsOwnKindsAndAVisitorSeesThem) {  // P5, U3, E5, E6, E7
    const json put =
        profile_request({{"identifiers", {{{"type", "email"}, {"value", "new@example.com"}}}}});
    const auto created = pm::put_profile_by_query(nullptr, jdoe_query, put, at_later());
    ASSERT_EQ(created.outcome, pm::outcome::created);
    ASSERT_EQ(created.effects.size(), 1u);
    EXPECT_EQ(pm::emitted_by(pm::kind_of(created.effects[0])), pm::api::profiles);
    EXPECT_EQ(applied(created.effects[0]), "resolve new@example.com");

    const json update = user_request({{"email", "second@example.org"},
                                      {"phone", "+1 555 765 4321"},
                                      {"organization_id", 7},
                                      {"remote_photo_url", "https://example.org/me.png"}});
    const auto updated = pm::update_end_user(johnny_end_user(), update, at_later());
    ASSERT_EQ(updated.outcome, pm::outcome::updated);
    std::vector<std::string> seen;
    for (const pm::effect& e : updated.effects) {
        EXPECT_EQ(pm::emitted_by(pm::kind_of(e)), pm::api::end_users);
        seen.push_back(applied(e));
    }
    EXPECT_EQ(seen,
              (std::vector<std::string>{"secondary second@example.org", "organization 7",
                                        "phone +15557654321", "photo https://example.org/me.png"}));
}
