// A team's own rules, tested: the policy in policy.json, checked with the matchers
// of profile_merge/testing/matchers.hpp and with the team's vectors (vectors.json)
// as parameterised cases. Copy this directory to start your own.
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <profile_merge/profile_merge.hpp>
#include <profile_merge/testing/conformance.hpp>
#include <profile_merge/testing/matchers.hpp>

namespace pm = profile_merge;
using nlohmann::json;
using pm::testing::HasChange;
using pm::testing::HasEffect;
using pm::testing::HasError;
using pm::testing::HasIgnored;
using pm::testing::IsOutcome;
using pm::testing::IsUnchanged;

namespace {

// The policy the team's server loads, from the same file.
const pm::policy& team_policy() {
    static const pm::policy loaded = [] {
        std::ifstream in(POLICY_EXAMPLE_DIR "/policy.json");
        return pm::load_policy(json::parse(in));
    }();
    return loaded;
}

json stored_rider() {
    return json::parse(R"({
        "id": "01HRIDER0000000000000000AA", "source": "coolbikes", "type": "rider",
        "name": "Jane", "user_id": "42",
        "attributes": {"visits": 4, "tier": "silver", "tags": ["road"],
                       "addresses": [{"kind": "home", "city": "Paris"}]},
        "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z",
        "identifiers": [{"type": "email", "value": "jane@example.com"}]})");
}

pm::operation_result patch(const json& body, bool trusted = false) {
    pm::patch_options options;
    options.policy = team_policy();
    options.trusted = trusted;
    return pm::patch_profile_by_id(stored_rider(), {{"profile", body}}, {"2024-02-01T00:00:00Z"},
                                   options);
}

}  // namespace

TEST(TeamRules, VisitsCountUp) {
    EXPECT_THAT(patch({{"attributes", {{"visits", 1}}}}),
                HasChange("replace", "/attributes/visits"));
    EXPECT_EQ(patch({{"attributes", {{"visits", 1}}}}).entity["attributes"]["visits"], 5);
}

TEST(TeamRules, TheTierIsOursToCompute) {
    const auto r = patch({{"attributes", {{"tier", "gold"}}}});
    EXPECT_THAT(r, IsUnchanged());
    EXPECT_THAT(r, HasIgnored("/profile/attributes/tier", "read_only"));
    EXPECT_THAT(patch({{"attributes", {{"tier", "gold"}}}}, true), IsOutcome("updated"));
}

TEST(TeamRules, AddressesMergeByKind) {
    const auto r =
        patch({{"attributes",
                {{"addresses",
                  {{{"kind", "home"}, {"city", "Lyon"}}, {{"kind", "work"}, {"city", "Nice"}}}}}}});
    EXPECT_THAT(r, HasChange("replace", "/attributes/addresses/0/city"));
    EXPECT_THAT(r, HasChange("append", "/attributes/addresses/1"));
}

TEST(TeamRules, ABadRequestSaysEverythingAtOnce) {
    const auto r = patch({{"attributes", {{"visits", "three"}, {"email_opt_in", nullptr}}},
                          {"identifiers", {{{"type", "member_id"}, {"value", "7"}}}}});
    EXPECT_THAT(r, IsOutcome("invalid"));
    EXPECT_THAT(r, HasError("invalid_type", "/profile/attributes/visits"));
    EXPECT_THAT(r, HasError("invalid_value", "/profile/attributes/email_opt_in"));
    EXPECT_THAT(r, HasError("invalid_value", "/profile/identifiers/0/type"));
}

TEST(TeamRules, PhonesAreStoredInE164AndBecomeIdentities) {
    const auto r =
        patch({{"identifiers", {{{"type", "phone_number"}, {"value", "+1 (555) 123-4567"}}}}});
    EXPECT_THAT(r, HasEffect("add_user_identity",
                             json{{"type", "phone_number"}, {"value", "+15551234567"}}));
}

// The team's vectors, each a GoogleTest case of its own, under the team's policy.
class TeamVectors : public ::testing::TestWithParam<json> {};

TEST_P(TeamVectors, Pass) {
    const pm::conformance_case_result verdict = pm::run_conformance_case(GetParam(), team_policy());
    EXPECT_TRUE(verdict.passed()) << ::testing::PrintToString(verdict.failures);
}

INSTANTIATE_TEST_SUITE_P(Team, TeamVectors,
                         ::testing::ValuesIn(pm::testing::conformance_cases(POLICY_EXAMPLE_DIR
                                                                            "/vectors.json")),
                         pm::testing::conformance_case_name<::testing::TestParamInfo<json>>);
