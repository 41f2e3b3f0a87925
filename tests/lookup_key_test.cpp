// A store's view of Q4: lookup keys, and the by-query operations given a parsed query.
#include "support.hpp"

#include <algorithm>
#include <vector>

using namespace test_support;

namespace {

bool has_key(const json& profile, const pm::identifier_query& query) {
    const std::vector<pm::profile_key> keys = pm::lookup_keys(profile);
    return std::find(keys.begin(), keys.end(), pm::lookup_key(query)) != keys.end();
}

}  // namespace

TEST(LookupKey, NormalisesTheValueAsMatchingDoes) {  // Q4, N1, N2
    EXPECT_EQ(pm::lookup_key(parsed_query("coolbikes:rider:email:JDoe@Example.com")),
              (pm::profile_key{"coolbikes", "rider", "email", "jdoe@example.com"}));
    EXPECT_EQ(pm::lookup_key(parsed_query("coolbikes:rider:member_id:AbC")),
              (pm::profile_key{"coolbikes", "rider", "member_id", "AbC"}));
    json profile = coolbikes_profile();
    profile["identifiers"].push_back({{"type", "member_id"}, {"value", 1234}});
    profile["identifiers"].push_back({{"type", "email"}, {"value", "Second@Example.com"}});
    EXPECT_EQ(
        pm::lookup_keys(profile),
        (std::vector<pm::profile_key>{{"coolbikes", "rider", "email", "jdoe@example.com"},
                                      {"coolbikes", "rider", "member_id", "1234"},
                                      {"coolbikes", "rider", "email", "second@example.com"}}));
    EXPECT_TRUE(pm::lookup_keys(json::object()).empty());
}

// A query finds a profile exactly when its key is one of the profile's keys.
TEST(LookupKey, AgreesWithMatches) {  // Q4
    json other_kind = coolbikes_profile();
    other_kind["type"] = "customer";
    json with_number = coolbikes_profile();
    with_number["identifiers"].push_back({{"type", "member_id"}, {"value", 42}});
    json upper_case_stored = coolbikes_profile();
    upper_case_stored["identifiers"][0]["value"] = "JDOE@example.COM";
    const std::vector<json> profiles{coolbikes_profile(), other_kind, with_number,
                                     upper_case_stored, json::object()};
    const std::vector<std::string_view> queries{jdoe_query,
                                                "coolbikes:rider:email:JDOE@EXAMPLE.COM",
                                                "coolbikes:customer:email:jdoe@example.com",
                                                "Coolbikes:rider:email:jdoe@example.com",
                                                "coolbikes:rider:member_id:42",
                                                "coolbikes:rider:member_id:042",
                                                "coolbikes:rider:Email:jdoe@example.com",
                                                "coolbikes:rider:twitter:jdoe@example.com"};
    int matched = 0;
    for (const json& profile : profiles) {
        for (const std::string_view text : queries) {
            const pm::identifier_query query = parsed_query(text);
            EXPECT_EQ(pm::matches(profile, query), has_key(profile, query))
                << profile.dump() << " " << text;
            matched += pm::matches(profile, query) ? 1 : 0;
        }
    }
    EXPECT_EQ(matched, 8);  // jdoe in both cases on three profiles, the other kind, 42
}

TEST(ParsedQuery, PatchAndPutGiveWhatTheTextGives) {  // Q1, U1, P1
    const pm::identifier_query query = parsed_query(jdoe_query);
    const json patch = profile_request({{"name", "x"}});
    EXPECT_EQ(
        pm::to_json(pm::patch_profile_by_query(coolbikes_profile(), query, patch, at_later())),
        pm::to_json(
            pm::patch_profile_by_query(coolbikes_profile(), jdoe_query, patch, at_later())));
    const json stored = coolbikes_profile();
    const json put = profile_request({{"identifiers", stored["identifiers"]}});
    EXPECT_EQ(pm::to_json(pm::put_profile_by_query(stored, query, put, at_later())),
              pm::to_json(pm::put_profile_by_query(stored, jdoe_query, put, at_later())));
    EXPECT_EQ(pm::to_json(pm::put_profile_by_query(json(nullptr), query, put, at_later())),
              pm::to_json(pm::put_profile_by_query(json(nullptr), jdoe_query, put, at_later())));
}

// A query built by hand is checked as its text would be: nothing reaches the rules
// that parsing would have refused.
TEST(ParsedQuery, AHandBuiltQueryIsCheckedAsParsingWould) {  // Q1, Q2, Q3, Q5, G12
    const json patch = profile_request({{"name", "x"}});
    const auto code_of = [&](const pm::identifier_query& query) {
        const auto r = pm::patch_profile_by_query(coolbikes_profile(), query, patch, at_later());
        EXPECT_EQ(r.entity, coolbikes_profile());
        return r.errors.empty() ? pm::error_code::not_found : r.errors.front().code;
    };
    const auto bad = pm::error_code::invalid_identifier_query;
    EXPECT_EQ(code_of({"cool:bikes", "rider", "email", "jdoe@example.com"}), bad);
    EXPECT_EQ(code_of({"coolbikes", "rider", "email", "jdoe@example.com\n"}), bad);
    EXPECT_EQ(code_of({"coolbikes", "", "email", "jdoe@example.com"}), bad);
    EXPECT_EQ(code_of({"cool bikes", "rider", "email", "jdoe@example.com"}), bad);
    EXPECT_EQ(code_of({"coolbikes\xE2\x80\x8B", "rider", "email", "jdoe@example.com"}), bad);
    EXPECT_EQ(code_of({"coolbikes", "rider", "email", "\xFF"}), bad);
    EXPECT_EQ(code_of({std::string(41, 's'), "rider", "email", "jdoe@example.com"}),
              pm::error_code::limit_exceeded);
    EXPECT_EQ(code_of({"ZenDesk", "rider", "email", "jdoe@example.com"}),
              pm::error_code::reserved_source);
    // The value keeps its colons, as in text.
    json stored = coolbikes_profile();
    stored["identifiers"].push_back({{"type", "urn"}, {"value", "a:b:c"}});
    const auto r = pm::patch_profile_by_query(
        stored, pm::identifier_query{"coolbikes", "rider", "urn", "a:b:c"}, patch, at_later());
    EXPECT_EQ(r.outcome, pm::outcome::updated);
}
