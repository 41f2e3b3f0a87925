// PUT a profile: U1-U8, with G3, G4, G6, G10, NM1 and R as they apply to PUT.
#include <string>
#include <vector>
#include "support.hpp"

using namespace test_support;

namespace {

json seed_put_body() {
    return profile_request(json::parse(R"({
        "name": "Jane Doe",
        "identifiers": [{"type": "email", "value": "jdoe@example.com"}],
        "attributes": {"favorite_color": "red", "saddle_height": "85cm"}})"));
}

pm::put_options for_user(std::string user_id) {
    pm::put_options options;
    options.path_user_id = std::move(user_id);
    return options;
}

}  // namespace

TEST(Put, AMatchIsReplacedKeepingIdCreatedAtAndUserId) {  // U1, U2
    const auto r = pm::put_profile_by_query(
        coolbikes_profile(), jdoe_query,
        profile_request({{"identifiers", {{{"type", "sdk"}, {"value", "S1"}}}}}), at_later());
    ASSERT_EQ(r.outcome, pm::outcome::replaced);
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.entity["id"], "01E06HXMJ8RJ6C0MR142D6FBSA");
    EXPECT_EQ(r.entity["created_at"], created_at);
    EXPECT_EQ(r.entity["user_id"], "81123613");
    EXPECT_EQ(r.entity["updated_at"], later);
    EXPECT_EQ(r.entity["attributes"], json::object()) << "everything not sent is gone";
    EXPECT_EQ(r.entity["identifiers"], json::parse(R"([{"type":"sdk","value":"S1"},
                                                       {"type":"email","value":"jdoe@example.com"}])"))
        << "the query's identifier is appended so the query finds the profile again";
    EXPECT_EQ(r.entity["name"], "jdoe@example.com");
}

TEST(Put, TheSeedExampleReplacesTheContent) {  // U1, U2
    json stored = coolbikes_profile();
    stored["name"] = "Jane Doe";
    stored["attributes"]["saddle_height"] = "87cm";
    const auto r = pm::put_profile_by_query(stored, jdoe_query, seed_put_body(), at_later());
    EXPECT_EQ(r.outcome, pm::outcome::replaced);
    EXPECT_EQ(r.entity["attributes"]["saddle_height"], "85cm");
    EXPECT_EQ(r.changes, (pm::change_list{{pm::change_op::replace, "/attributes/saddle_height"}}));
    EXPECT_TRUE(r.effects.empty());
}

TEST(Put, BodySourceAndTypeGiveWayToTheQuery) {  // U2, G6
    json body = seed_put_body();
    body["profile"]["source"] = "elsewhere";
    body["profile"]["type"] = "other";
    const auto r = pm::put_profile_by_query(coolbikes_profile(), jdoe_query, body, at_later());
    EXPECT_EQ(r.entity["source"], "coolbikes");
    EXPECT_EQ(r.entity["type"], "rider");
    EXPECT_TRUE(has_ignored(r, "/profile/source", pm::ignore_reason::read_only));
}

TEST(Put, IdentifiersAreNormalisedAndDeduplicatedInBodyOrder) {  // U2, N1, N3
    const auto r = pm::put_profile_by_query(json(nullptr), jdoe_query,
                                            profile_request({{"identifiers", json::parse(R"([
        {"type":"twitter","value":"JaneD"},{"type":"email","value":"JDOE@example.com"},
        {"type":"twitter","value":"janed"}])")}}),
                                            at_later());
    EXPECT_EQ(r.entity["identifiers"], json::parse(R"([{"type":"twitter","value":"janed"},
                                                       {"type":"email","value":"jdoe@example.com"}])"));
}

TEST(Put, NoMatchCreatesWithTheNewIdAndNow) {  // U1, U3
    const auto r = pm::put_profile_by_query(json(nullptr), jdoe_query, seed_put_body(), at_later(),
                                            for_user("81123613"));
    ASSERT_EQ(r.outcome, pm::outcome::created);
    EXPECT_EQ(r.status(), 201);
    EXPECT_EQ(r.entity["id"], "01NEWPROFILEID0000000000000");
    EXPECT_EQ(r.entity["created_at"], later);
    EXPECT_EQ(r.entity["updated_at"], later);
    EXPECT_EQ(r.entity["user_id"], "81123613");
    EXPECT_EQ(
        effects_json(r),
        json::parse(R"([{"kind":"add_user_identity","type":"email","value":"jdoe@example.com"}])"));
}

TEST(Put, AStoredProfileThatDoesNotMatchTheQueryIsNotReplaced) {  // U1, Q4
    const auto r = pm::put_profile_by_query(coolbikes_profile(), "coolbikes:rider:email:other@x.y",
                                            seed_put_body(), at_later());
    EXPECT_EQ(r.outcome, pm::outcome::created);
    EXPECT_EQ(r.entity["id"], "01NEWPROFILEID0000000000000");
}

TEST(Put, CreatingWithoutAUserAsksTheServerToResolveOne) {  // U3
    const auto r = pm::put_profile_by_query(json(nullptr), "shop:customer:member_id:7",
                                            profile_request({{"identifiers", json::parse(R"([
        {"type":"member_id","value":"7"},{"type":"phone_number","value":"+4411"},{"type":"external_id","value":"E9"}])")}}),
                                            at_later());
    ASSERT_EQ(r.outcome, pm::outcome::created);
    EXPECT_FALSE(r.entity.contains("user_id"));
    EXPECT_EQ(r.entity["name"], "User E9");
    EXPECT_EQ(effects_json(r), json::parse(R"([{"kind":"resolve_user","anonymous_name":"User E9",
        "identifiers":[{"type":"phone_number","value":"+4411"},{"type":"external_id","value":"E9"}]}])"));
}

TEST(Put, ReplacingEmitsEffectsOnlyForStandardTypesTheProfileLacked) {  // U4
    const auto r = pm::put_profile_by_query(coolbikes_profile(), jdoe_query,
                                            profile_request({{"identifiers", json::parse(R"([
        {"type":"email","value":"second@example.com"},{"type":"twitter","value":"jd"},{"type":"member","value":"m"}])")}}),
                                            at_later());
    EXPECT_EQ(effects_json(r),
              json::parse(R"([{"kind":"add_user_identity","type":"twitter","value":"jd"}])"))
        << "a new value for an already-present type emits nothing";
}

TEST(Put, FewerIdentifiersRemoveNothingFromTheUser) {  // U4
    json stored = coolbikes_profile();
    stored["identifiers"].push_back({{"type", "twitter"}, {"value", "jd"}});
    const auto r = pm::put_profile_by_query(stored, jdoe_query, seed_put_body(), at_later());
    EXPECT_EQ(r.outcome, pm::outcome::replaced);
    EXPECT_TRUE(r.effects.empty());
    EXPECT_EQ(r.entity["identifiers"].size(), 1u);
}

TEST(Put, IdentifiersAreRequired) {  // U5
    for (const json& missing : {json(nullptr), json::array()}) {
        const auto r =
            pm::put_profile_by_query(coolbikes_profile(), jdoe_query,
                                     profile_request({{"identifiers", missing}}), at_later());
        EXPECT_TRUE(has_error(r, pm::error_code::missing_required, "/profile/identifiers"));
    }
    const auto absent = pm::put_profile_by_query(coolbikes_profile(), jdoe_query,
                                                 profile_request({{"name", "x"}}), at_later());
    EXPECT_EQ(absent.outcome, pm::outcome::invalid);
    EXPECT_TRUE(has_error(absent, pm::error_code::missing_required, "/profile/identifiers"));
}

TEST(Put, ByIdKeepsSourceAndTypeFromTheStoredProfile) {  // U6
    const auto r = pm::put_profile_by_id(
        coolbikes_profile(),
        profile_request({{"identifiers", {{{"type", "sdk"}, {"value", "S"}}}}}), at_later());
    ASSERT_EQ(r.outcome, pm::outcome::replaced);
    EXPECT_EQ(r.entity["source"], "coolbikes");
    EXPECT_EQ(r.entity["type"], "rider");
    EXPECT_EQ(r.entity["identifiers"], json::parse(R"([{"type":"sdk","value":"S"}])"))
        << "no query to append";
    EXPECT_EQ(pm::put_profile_by_id(json(nullptr), seed_put_body(), at_later()).outcome,
              pm::outcome::not_found);
}

TEST(Put, APathUserIdThatDiffersIsAConflict) {  // U7
    const auto r = pm::put_profile_by_query(coolbikes_profile(), jdoe_query, seed_put_body(),
                                            at_later(), for_user("42"));
    EXPECT_EQ(r.outcome, pm::outcome::conflict);
    EXPECT_EQ(r.status(), 409);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].code, pm::error_code::user_conflict);
    EXPECT_EQ(r.errors[0].parameter(), "user_id");
    EXPECT_EQ(pm::put_profile_by_query(coolbikes_profile(), jdoe_query, seed_put_body(), at_later(),
                                       for_user("81123613"))
                  .outcome,
              pm::outcome::replaced);
}

// The path's user_id is part of the address (G11 (1)): a bad one is refused before
// anything else is looked at, on a create as on a replace.
TEST(Put, AnEmptyPathUserIdOrOneWithAControlCharacterIsABadParameter) {  // G11, U3, U7
    for (const std::string& bad :
         std::vector<std::string>{"", "4\n2", std::string(1, '\0'), "\x7F"}) {
        for (const json& stored : {json(nullptr), coolbikes_profile()}) {
            const auto r = pm::put_profile_by_query(stored, jdoe_query, seed_put_body(), at_later(),
                                                    for_user(bad));
            EXPECT_EQ(r.status(), 400) << json(bad).dump() << " " << pm::to_json(r).dump();
            ASSERT_EQ(r.errors.size(), 1u) << json(bad).dump();
            EXPECT_EQ(r.errors[0].code, pm::error_code::invalid_value);
            EXPECT_EQ(r.errors[0].parameter(), "user_id");
        }
    }
}

TEST(Put, APathUserIdOnAProfileWithoutAUserIsAConflict) {  // U7
    json stored = coolbikes_profile();
    stored.erase("user_id");
    for (const auto& r :
         {pm::put_profile_by_query(stored, jdoe_query, seed_put_body(), at_later(), for_user("42")),
          pm::put_profile_by_id(stored, seed_put_body(), at_later(), for_user("42"))}) {
        EXPECT_EQ(r.status(), 409) << pm::to_json(r).dump();
        EXPECT_TRUE(has_unplaced_error(r, pm::error_code::user_conflict, "user_id"));
        EXPECT_EQ(r.entity, stored);
    }
}

TEST(Put, TheIdentifierLimitCountsTheAppendedQueryIdentifier) {  // U8, G9
    json twenty = json::array();
    for (int i = 0; i < 20; ++i)
        twenty.push_back({{"type", "member"}, {"value", std::to_string(i)}});
    const auto r = pm::put_profile_by_query(json(nullptr), jdoe_query,
                                            profile_request({{"identifiers", twenty}}), at_later());
    EXPECT_TRUE(has_error(r, pm::error_code::limit_exceeded, "/profile/identifiers"));
    twenty.back() = {{"type", "email"}, {"value", "jdoe@example.com"}};
    EXPECT_EQ(pm::put_profile_by_query(json(nullptr), jdoe_query,
                                       profile_request({{"identifiers", twenty}}), at_later())
                  .outcome,
              pm::outcome::created);
}

TEST(Put, TheReservedSourceCannotBePut) {  // U8, Q5
    const auto r = pm::put_profile_by_query(json(nullptr), "zendesk:rider:email:jdoe@example.com",
                                            seed_put_body(), at_later());
    EXPECT_EQ(r.outcome, pm::outcome::invalid);
    EXPECT_TRUE(has_unplaced_error(r, pm::error_code::reserved_source, "identifier"));
    json stored = coolbikes_profile();
    stored["source"] = "ZENDESK";
    EXPECT_TRUE(has_unplaced_error(pm::put_profile_by_id(stored, seed_put_body(), at_later()),
                                   pm::error_code::reserved_source));
}

TEST(Put, AnAddressErrorStopsBeforeTheBodyIsRead) {  // G11, G8
    const auto r =
        pm::put_profile_by_query(json(nullptr), "a:b", profile_request({{"name", 3}}), at_later());
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_TRUE(has_unplaced_error(r, pm::error_code::invalid_identifier_query, "identifier"));
    EXPECT_FALSE(has_error(r, pm::error_code::invalid_type, "/profile/name"));
}

// Only the entity's own updated_at is bookkeeping: inside attributes it is data.
TEST(Put, AChangeOnlyToAnAttributeNamedUpdatedAtIsAReplace) {  // G4
    json stored = coolbikes_profile();
    stored["attributes"] = {{"updated_at", "yesterday"}};
    json body = seed_put_body();
    body["profile"]["attributes"] = {{"updated_at", "today"}};
    const auto first = pm::put_profile_by_query(stored, jdoe_query, body, at_later());
    ASSERT_EQ(first.outcome, pm::outcome::replaced) << pm::to_json(first).dump();
    const auto r = pm::put_profile_by_query(first.entity, jdoe_query, body, at_later());
    EXPECT_EQ(r.outcome, pm::outcome::unchanged);
    body["profile"]["attributes"]["updated_at"] = "tomorrow";
    const auto changed = pm::put_profile_by_query(first.entity, jdoe_query, body, at_later());
    EXPECT_EQ(changed.outcome, pm::outcome::replaced);
    EXPECT_EQ(changed.changes,
              (pm::change_list{{pm::change_op::replace, "/attributes/updated_at"}}));
}

TEST(Put, TheSamePutTwiceIsUnchangedTheSecondTime) {  // G4
    const auto created = pm::put_profile_by_query(json(nullptr), jdoe_query, seed_put_body(),
                                                  {"2020-01-01T00:00:00Z", "ID1"});
    ASSERT_EQ(created.outcome, pm::outcome::created);
    const auto again =
        pm::put_profile_by_query(created.entity, jdoe_query, seed_put_body(), at_later());
    EXPECT_EQ(again.outcome, pm::outcome::unchanged);
    EXPECT_EQ(again.entity, created.entity);
    EXPECT_EQ(again.entity["updated_at"], "2020-01-01T00:00:00Z");
    EXPECT_TRUE(again.changes.empty());
}

TEST(Put, RejectModeComparesEchoesWithWhatTheClientSaw) {  // G6 [decision]
    pm::put_options reject;
    reject.read_only = pm::read_only_policy::reject;
    json echo = seed_put_body();
    for (const char* field : {"id", "created_at", "updated_at", "source", "type", "user_id"}) {
        echo["profile"][field] = coolbikes_profile()[field];
    }
    EXPECT_EQ(
        pm::put_profile_by_query(coolbikes_profile(), jdoe_query, echo, at_later(), reject).outcome,
        pm::outcome::replaced);
    echo["profile"]["id"] = "SOMETHING ELSE";
    const auto r =
        pm::put_profile_by_query(coolbikes_profile(), jdoe_query, echo, at_later(), reject);
    EXPECT_TRUE(has_error(r, pm::error_code::read_only_field, "/profile/id"));
}

TEST(Put, IfMatchOnACreateFails) {  // G10
    pm::put_options options;
    options.if_match = "*";
    EXPECT_EQ(
        pm::put_profile_by_query(json(nullptr), jdoe_query, seed_put_body(), at_later(), options)
            .outcome,
        pm::outcome::precondition_failed);
    EXPECT_EQ(pm::put_profile_by_query(coolbikes_profile(), jdoe_query, seed_put_body(), at_later(),
                                       options)
                  .outcome,
              pm::outcome::replaced);
}

TEST(Put, TheRvalueOverloadHandsBackAnUnchangedProfileWithoutACopy) {  // G3, G4
    const auto created =
        pm::put_profile_by_query(json(nullptr), jdoe_query, seed_put_body(), at_later());
    json stored = created.entity;
    const auto* identifiers_before = &stored["identifiers"];
    const auto again =
        pm::put_profile_by_query(std::move(stored), jdoe_query, seed_put_body(), at_later());
    EXPECT_EQ(again.outcome, pm::outcome::unchanged);
    EXPECT_EQ(&again.entity["identifiers"], identifiers_before);
}

TEST(Put, EveryKindOfErrorLeavesTheStoredProfileUntouched) {  // G3
    const json stored = coolbikes_profile();
    const auto run = [](std::string query, json request, pm::put_options options = {}) {
        return [=](auto&& s) {
            return query.empty() ? pm::put_profile_by_id(std::forward<decltype(s)>(s), request,
                                                         at_later(), options)
                                 : pm::put_profile_by_query(std::forward<decltype(s)>(s), query,
                                                            request, at_later(), options);
        };
    };
    pm::put_options reject;
    reject.read_only = pm::read_only_policy::reject;
    pm::put_options stale;
    stale.if_match = "\"ffffffffffffffff\"";
    json many = json::array();
    for (int i = 0; i < 21; ++i)
        many.push_back({{"type", "member"}, {"value", std::to_string(i)}});
    const json body = seed_put_body();
    expect_all_or_nothing(stored, run(jdoe_query, json("x")), pm::error_code::invalid_envelope);
    expect_all_or_nothing(stored, run(jdoe_query, profile_request({{"identifiers", 1}})),
                          pm::error_code::invalid_type);
    expect_all_or_nothing(
        stored,
        run(jdoe_query, profile_request({{"identifiers",
                                          {{{"type", "sdk"}, {"value", std::string("\xC3")}}}}})),
        pm::error_code::invalid_value);
    expect_all_or_nothing(
        stored,
        run(jdoe_query, profile_request({{"identifiers", {{{"type", "sdk"}, {"value", ""}}}}})),
        pm::error_code::blank_value);
    expect_all_or_nothing(stored, run(jdoe_query, profile_request({{"name", "x"}})),
                          pm::error_code::missing_required);
    expect_all_or_nothing(stored, run("coolbikes:rider:%ZZ", body),
                          pm::error_code::invalid_identifier_query);
    expect_all_or_nothing(stored, run("zendesk:rider:email:jdoe@example.com", body),
                          pm::error_code::reserved_source);
    expect_all_or_nothing(stored, run(jdoe_query, profile_request({{"identifiers", many}})),
                          pm::error_code::limit_exceeded);
    json moved = body;
    moved["profile"]["user_id"] = "1";
    expect_all_or_nothing(stored, run(jdoe_query, moved, reject), pm::error_code::read_only_field);
    expect_all_or_nothing(stored, run(jdoe_query, body, for_user("1")),
                          pm::error_code::user_conflict);
    expect_all_or_nothing(stored, run(jdoe_query, body, stale),
                          pm::error_code::precondition_failed);
    expect_all_or_nothing(json(nullptr), run("", body), pm::error_code::not_found);
}
