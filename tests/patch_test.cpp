// PATCH a profile: P1-P8, with G1, G3-G10, F1, NM1 and R as they apply to PATCH.
#include "support.hpp"

using namespace test_support;

namespace {

pm::operation_result patch(const json& inner, const pm::patch_options& options = {}) {
    return pm::patch_profile_by_id(coolbikes_profile(), profile_request(inner), at_later(),
                                   options);
}

json with_identifiers(std::size_t count) {
    json profile = coolbikes_profile();
    for (std::size_t i = 1; i < count; ++i) {
        profile["identifiers"].push_back({{"type", "member"}, {"value", std::to_string(i)}});
    }
    return profile;
}

}  // namespace

TEST(Patch, TheSeedExampleRenamesAndMergesAttributes) {  // P2, P3, G4
    const auto r = pm::patch_profile_by_query(
        coolbikes_profile(), jdoe_query,
        profile_request({{"name", "Jane Doe"}, {"attributes", {{"saddle_height", "87cm"}}}}),
        at_later());
    ASSERT_EQ(r.outcome, pm::outcome::updated);
    EXPECT_EQ(r.status(), 200);
    json expected = coolbikes_profile();
    expected["name"] = "Jane Doe";
    expected["attributes"]["saddle_height"] = "87cm";
    expected["updated_at"] = later;
    EXPECT_EQ(r.entity, expected);
    EXPECT_TRUE(r.effects.empty());
    EXPECT_EQ(r.changes, (pm::change_list{{pm::change_op::replace, "/attributes/saddle_height"},
                                          {pm::change_op::replace, "/name"}}));
}

TEST(Patch, NoStoredProfileIsNotFound) {  // P1
    const auto r =
        pm::patch_profile_by_id(json(nullptr), profile_request({{"name", "x"}}), at_later());
    EXPECT_EQ(r.outcome, pm::outcome::not_found);
    EXPECT_EQ(r.status(), 404);
    EXPECT_TRUE(has_unplaced_error(r, pm::error_code::not_found));
}

TEST(Patch, AQueryThatDoesNotMatchTheStoredProfileIsNotFound) {  // P1, Q4
    const auto r = pm::patch_profile_by_query(coolbikes_profile(), "coolbikes:rider:email:x@y.z",
                                              profile_request({{"name", "x"}}), at_later());
    EXPECT_EQ(r.outcome, pm::outcome::not_found);
}

TEST(Patch, NullNameIsRemovedAndDerivedAgain) {  // P2, F1, NM1
    for (const json& removed : {json(nullptr), json("")}) {
        const auto r = patch({{"name", removed}});
        EXPECT_EQ(r.outcome, pm::outcome::updated);
        EXPECT_EQ(r.entity["name"], "jdoe@example.com");
    }
}

TEST(Patch, NameMustBeAStringOrNull) {  // F1
    const auto r = patch({{"name", 5}});
    EXPECT_EQ(r.outcome, pm::outcome::invalid);
    EXPECT_EQ(r.status(), 400);
    EXPECT_TRUE(has_error(r, pm::error_code::invalid_type, "/profile/name"));
}

TEST(Patch, AttributesMustBeAnObjectAndNullClearsThem) {  // F1, P3
    EXPECT_TRUE(has_error(patch({{"attributes", json::array({"c"})}}), pm::error_code::invalid_type,
                          "/profile/attributes"));
    const auto cleared = patch({{"attributes", nullptr}});
    EXPECT_EQ(cleared.outcome, pm::outcome::updated);
    EXPECT_EQ(cleared.entity["attributes"], json::object());
}

TEST(Patch, ShallowMergeReplacesNestedObjects) {  // P3 [decision]
    json stored = coolbikes_profile();
    stored["attributes"]["bike"] = {{"brand", "x"}, {"size", 54}};
    pm::patch_options options;
    options.attributes = pm::attribute_merge::shallow;
    const auto r = pm::patch_profile_by_id(
        stored, profile_request({{"attributes", {{"bike", {{"size", 56}}}}}}), at_later(), options);
    EXPECT_EQ(r.entity["attributes"]["bike"], json({{"size", 56}}));
    const auto deep = pm::patch_profile_by_id(
        stored, profile_request({{"attributes", {{"bike", {{"size", 56}}}}}}), at_later());
    EXPECT_EQ(deep.entity["attributes"]["bike"], json({{"brand", "x"}, {"size", 56}}));
}

TEST(Patch, ChangingAnEmailAddsASecondIdentifier) {  // P4, P5, N1
    const auto r =
        patch({{"identifiers", {{{"type", "email"}, {"value", "Jane.New@Example.com"}}}}});
    ASSERT_EQ(r.outcome, pm::outcome::updated);
    EXPECT_EQ(r.entity["identifiers"], json::parse(R"([{"type":"email","value":"jdoe@example.com"},
                                                       {"type":"email","value":"jane.new@example.com"}])"));
    EXPECT_EQ(
        effects_json(r),
        json::parse(
            R"([{"kind":"add_user_identity","type":"email","value":"jane.new@example.com"}])"));
    EXPECT_EQ(r.changes, (pm::change_list{{pm::change_op::append, "/identifiers/1"}}));
}

TEST(Patch, AProfileWithoutAnIdentifiersArrayGetsOneReportedWhole) {  // P4, R, G13
    const json request = profile_request({{"identifiers", {{{"type", "sdk"}, {"value", "S1"}}}}});
    json without = coolbikes_profile();
    without.erase("identifiers");
    json null_member = coolbikes_profile();
    null_member["identifiers"] = nullptr;  // G13: null counts as absent
    for (const auto& [stored, op] :
         {std::pair{without, pm::change_op::add}, std::pair{null_member, pm::change_op::replace}}) {
        const auto r = pm::patch_profile_by_id(stored, request, at_later());
        ASSERT_EQ(r.outcome, pm::outcome::updated);
        EXPECT_EQ(r.entity["identifiers"], json::parse(R"([{"type":"sdk","value":"S1"}])"));
        // One change for the new member, never an append into an array that was not there.
        EXPECT_EQ(r.changes, (pm::change_list{{op, "/identifiers"}}));
    }
}

TEST(Patch, AStoredIdentifiersThatIsNotAnArrayIsRefusedNotReplaced) {  // G13 (finding 7)
    json malformed = coolbikes_profile();
    malformed["identifiers"] = "not an array";
    const auto r = pm::patch_profile_by_id(
        malformed, profile_request({{"identifiers", {{{"type", "sdk"}, {"value", "S1"}}}}}),
        at_later());
    EXPECT_EQ(r.outcome, pm::outcome::server_error);
    EXPECT_EQ(r.status(), 500);
    EXPECT_TRUE(has_unplaced_error(r, pm::error_code::invalid_stored_entity));
    EXPECT_EQ(r.entity, malformed);
}

// A short list and a long one: the check and the question whether the PATCH reads
// the list come in either order, with the same answer.
TEST(Patch, StoredIdentifierElementsAreCheckedWhenThePatchReadsThem) {  // G13, P4, NM1
    for (const std::size_t readable : {std::size_t{1}, std::size_t{8}}) {
        json malformed = coolbikes_profile();
        for (std::size_t i = 1; i < readable; ++i) {
            malformed["identifiers"].push_back(
                {{"type", "member_id"}, {"value", "M" + std::to_string(i)}});
        }
        malformed["identifiers"].push_back(1);
        // Appending (P4) and deriving a name (NM1) read every stored identifier.
        for (const json& body : {json{{"identifiers", {{{"type", "sdk"}, {"value", "S1"}}}}},
                                 json{{"name", nullptr}}, json{{"name", ""}}}) {
            const auto r = pm::patch_profile_by_id(malformed, profile_request(body), at_later());
            EXPECT_EQ(r.outcome, pm::outcome::server_error) << body << readable;
            EXPECT_TRUE(has_unplaced_error(r, pm::error_code::invalid_stored_entity));
            EXPECT_EQ(r.entity, malformed);
        }
        json nameless = malformed;
        nameless.erase("name");
        EXPECT_EQ(pm::patch_profile_by_id(nameless, profile_request({{"attributes", {{"a", 1}}}}),
                                          at_later())
                      .outcome,
                  pm::outcome::server_error)
            << readable;
        // A PATCH that reads none of them leaves them as they are, so that its cost
        // does not grow with them.
        const auto renamed =
            pm::patch_profile_by_id(malformed, profile_request({{"name", "x"}}), at_later());
        EXPECT_EQ(renamed.outcome, pm::outcome::updated) << readable;
        EXPECT_EQ(renamed.entity["identifiers"], malformed["identifiers"]);
        EXPECT_EQ(pm::patch_profile_by_id(malformed, profile_request({{"attributes", {{"a", 1}}}}),
                                          at_later())
                      .outcome,
                  pm::outcome::updated)
            << readable;
    }
}

TEST(Patch, IdentifiersAreNeverChangedOrRemoved) {  // P4
    for (const json& list : {json(nullptr), json::array()}) {
        const auto r = patch({{"identifiers", list}});
        EXPECT_EQ(r.outcome, pm::outcome::unchanged);
        EXPECT_EQ(r.entity["identifiers"], coolbikes_profile()["identifiers"]);
    }
}

TEST(Patch, RepeatsInsideTheRequestCollapse) {  // P4, N3
    const auto r = patch(
        {{"identifiers", json::parse(R"([{"type":"sdk","value":"1"},{"type":"sdk","value":"1"},
                                                          {"type":"email","value":"JDOE@example.com"}])")}});
    EXPECT_EQ(r.entity["identifiers"].size(), 2u);
    EXPECT_EQ(r.effects.size(), 1u);
}

TEST(Patch, StandardTypesEmitEffectsAndCustomTypesDoNot) {  // P5, N4
    const auto r = patch({{"identifiers", json::parse(R"([
        {"type":"phone_number","value":"+15551234567"},{"type":"twitter","value":"JaneD"},
        {"type":"facebook","value":"FB1"},{"type":"sdk","value":"S1"},
        {"type":"external_id","value":"X1"},{"type":"member_id","value":"M1"}])")}});
    EXPECT_EQ(effects_json(r), json::parse(R"([
        {"kind":"add_user_identity","type":"phone_number","value":"+15551234567"},
        {"kind":"add_user_identity","type":"twitter","value":"janed"},
        {"kind":"add_user_identity","type":"facebook","value":"FB1"},
        {"kind":"add_user_identity","type":"sdk","value":"S1"},
        {"kind":"set_user_external_id","value":"X1"}])"));
}

TEST(Patch, IntegerIdentifierValuesAreStoredAsStrings) {  // N2
    const auto r = patch({{"identifiers", {{{"type", "external_id"}, {"value", 12345678}}}}});
    EXPECT_EQ(r.entity["identifiers"][1]["value"], "12345678");
}

TEST(Patch, EveryMalformedIdentifierIsReportedAtItsElement) {  // F1, N2, G8
    const auto r = patch({{"identifiers", json::parse(R"([
        {"type":"email","value":"ok@x.y"}, 7, {"value":"v"}, {"type":"", "value":"v"},
        {"type":"sdk","value":1.5}, {"type":"sdk","value":""}, {"type":3,"value":"v"}])")}});
    EXPECT_EQ(r.outcome, pm::outcome::invalid);
    EXPECT_TRUE(has_error(r, pm::error_code::invalid_type, "/profile/identifiers/1"));
    EXPECT_TRUE(has_error(r, pm::error_code::missing_required, "/profile/identifiers/2/type"));
    EXPECT_TRUE(has_error(r, pm::error_code::blank_value, "/profile/identifiers/3/type"));
    EXPECT_TRUE(has_error(r, pm::error_code::invalid_type, "/profile/identifiers/4/value"));
    EXPECT_TRUE(has_error(r, pm::error_code::blank_value, "/profile/identifiers/5/value"));
    EXPECT_TRUE(has_error(r, pm::error_code::invalid_type, "/profile/identifiers/6/type"));
    EXPECT_EQ(r.errors.size(), 6u);
}

TEST(Patch, IdentifiersMustBeAnArray) {  // F1
    EXPECT_TRUE(has_error(patch({{"identifiers", {{"type", "email"}}}}),
                          pm::error_code::invalid_type, "/profile/identifiers"));
}

TEST(Patch, OtherIdentifierMembersAreDroppedAndReported) {  // N3
    const auto r = patch({{"identifiers", {{{"type", "sdk"}, {"value", "1"}, {"primary", true}}}}});
    EXPECT_EQ(r.entity["identifiers"][1], json({{"type", "sdk"}, {"value", "1"}}));
    EXPECT_TRUE(has_ignored(r, "/profile/identifiers/0/primary", pm::ignore_reason::unknown_field));
}

TEST(Patch, ReadOnlyFieldsAreIgnoredAndReported) {  // P6, G6
    const auto r = patch({{"source", "other"},
                          {"type", "x"},
                          {"user_id", "999"},
                          {"id", "X"},
                          {"created_at", "1999"},
                          {"updated_at", "1999"}});
    EXPECT_EQ(r.outcome, pm::outcome::unchanged);
    EXPECT_EQ(r.entity, coolbikes_profile());
    for (const char* field : {"source", "type", "user_id", "id", "created_at", "updated_at"}) {
        EXPECT_TRUE(has_ignored(r, std::string("/profile/") + field, pm::ignore_reason::read_only))
            << field;
    }
}

TEST(Patch, RejectModeRefusesADifferingReadOnlyValueButNotAnEcho) {  // G6 [decision]
    pm::patch_options reject;
    reject.read_only = pm::read_only_policy::reject;
    const auto refused = patch({{"source", "other"}, {"user_id", "81123613"}}, reject);
    EXPECT_EQ(refused.outcome, pm::outcome::invalid);
    EXPECT_TRUE(has_error(refused, pm::error_code::read_only_field, "/profile/source"));
    EXPECT_EQ(refused.errors.size(), 1u);
    const auto echoed = patch(coolbikes_profile(), reject);
    EXPECT_EQ(echoed.outcome, pm::outcome::unchanged);
}

TEST(Patch, UnknownFieldsAreIgnoredAndReported) {  // G5
    const auto r = patch({{"nickname", "JD"}, {"name", "Jane"}});
    EXPECT_EQ(r.outcome, pm::outcome::updated);
    EXPECT_FALSE(r.entity.contains("nickname"));
    EXPECT_TRUE(has_ignored(r, "/profile/nickname", pm::ignore_reason::unknown_field));
    const auto outside = pm::patch_profile_by_id(
        coolbikes_profile(), json{{"profile", json::object()}, {"extra", 1}}, at_later());
    EXPECT_TRUE(has_ignored(outside, "/extra", pm::ignore_reason::unknown_field));
}

TEST(Patch, TheEnvelopeMustHoldAnObject) {  // G1
    const json stored = coolbikes_profile();
    EXPECT_TRUE(has_error(pm::patch_profile_by_id(stored, json::array(), at_later()),
                          pm::error_code::invalid_envelope, ""));
    EXPECT_TRUE(has_error(pm::patch_profile_by_id(stored, json{{"name", "x"}}, at_later()),
                          pm::error_code::invalid_envelope, "/profile"));
    EXPECT_TRUE(has_error(pm::patch_profile_by_id(stored, json{{"profile", "x"}}, at_later()),
                          pm::error_code::invalid_envelope, "/profile"));
}

TEST(Patch, ANoOpIsUnchangedWithTheOldUpdatedAt) {  // P8, G4
    const auto r = patch({{"name", "sunshine_user"},
                          {"attributes", {{"favorite_color", "red"}, {"absent", nullptr}}},
                          {"identifiers", {{{"type", "email"}, {"value", "JDOE@EXAMPLE.COM"}}}},
                          {"source", "ignored"}});
    EXPECT_EQ(r.outcome, pm::outcome::unchanged);
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.entity, coolbikes_profile());
    EXPECT_TRUE(r.effects.empty());
    EXPECT_TRUE(r.changes.empty());
    EXPECT_EQ(patch(json::object()).outcome, pm::outcome::unchanged);
}

TEST(Patch, AppendingPastTwentyIdentifiersIsRefusedWhole) {  // P7, G9
    const json stored = with_identifiers(20);
    const auto r = pm::patch_profile_by_id(
        stored,
        profile_request(
            {{"name", "New"}, {"identifiers", {{{"type", "sdk"}, {"value", "one too many"}}}}}),
        at_later());
    EXPECT_EQ(r.outcome, pm::outcome::invalid);
    EXPECT_TRUE(has_error(r, pm::error_code::limit_exceeded, "/profile/identifiers"));
    EXPECT_EQ(r.entity, stored);
    const auto known = pm::patch_profile_by_id(
        stored, profile_request({{"identifiers", {{{"type", "member"}, {"value", "19"}}}}}),
        at_later());
    EXPECT_EQ(known.outcome, pm::outcome::unchanged)
        << "re-sending a known identifier appends nothing";
}

TEST(Patch, IdentifierPartsRespectTheLengthLimit) {  // G9
    const auto r = patch(
        {{"identifiers", {{{"type", std::string(61, 't')}, {"value", std::string(61, 'v')}}}}});
    EXPECT_TRUE(has_error(r, pm::error_code::limit_exceeded, "/profile/identifiers/0/type"));
    EXPECT_TRUE(has_error(r, pm::error_code::limit_exceeded, "/profile/identifiers/0/value"));
    pm::patch_options unlimited;
    unlimited.limits = pm::profile_limits::unlimited();
    EXPECT_EQ(
        patch({{"identifiers", {{{"type", "sdk"}, {"value", std::string(61, 'v')}}}}}, unlimited)
            .outcome,
        pm::outcome::updated);
}

// Limits count code points: 60 two-byte characters are 60, not 120.
TEST(Patch, IdentifierLengthsAreCountedInCodePoints) {  // G9
    std::string sixty;
    for (int i = 0; i < 60; ++i) {
        sixty += "\xC3\xA9";
    }
    EXPECT_EQ(patch({{"identifiers", {{{"type", sixty}, {"value", sixty}}}}}).outcome,
              pm::outcome::updated);
    const auto r =
        patch({{"identifiers", {{{"type", sixty + "\xC3\xA9"}, {"value", sixty + "\xC3\xA9"}}}}});
    EXPECT_TRUE(has_error(r, pm::error_code::limit_exceeded, "/profile/identifiers/0/type"));
    EXPECT_TRUE(has_error(r, pm::error_code::limit_exceeded, "/profile/identifiers/0/value"));
}

TEST(Patch, AttributesDeeperThanTheLimitAreRefused) {  // G9
    json deep = 1;
    for (int i = 0; i < 40; ++i)
        deep = json{{"k", deep}};
    const auto r = patch({{"attributes", deep}});
    EXPECT_EQ(r.outcome, pm::outcome::invalid);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].code, pm::error_code::limit_exceeded);
    EXPECT_EQ(r.errors[0].pointer().value_or("").rfind("/profile/attributes/k/k", 0), 0u);
}

TEST(Patch, AllErrorsOfARequestAreReported) {  // G8
    const auto r = patch({{"name", 1}, {"attributes", "x"}, {"identifiers", {{{"type", "sdk"}}}}});
    EXPECT_EQ(r.errors.size(), 3u);
}

TEST(Patch, ReservedSourceInTheQueryIsRefused) {  // Q5
    json stored = coolbikes_profile();
    stored["source"] = "Zendesk";
    const auto r = pm::patch_profile_by_query(stored, "ZENDESK:rider:email:jdoe@example.com",
                                              profile_request({{"name", "x"}}), at_later());
    EXPECT_TRUE(has_unplaced_error(r, pm::error_code::reserved_source, "identifier"));
    EXPECT_TRUE(has_unplaced_error(
        pm::patch_profile_by_id(stored, profile_request({{"name", "x"}}), at_later()),
        pm::error_code::reserved_source));
}

TEST(Patch, IfMatchGuardsTheStoredEtag) {  // G10
    const json stored = coolbikes_profile();
    pm::patch_options options;
    options.if_match = pm::etag(stored);
    EXPECT_EQ(pm::patch_profile_by_id(stored, profile_request({{"name", "x"}}), at_later(), options)
                  .outcome,
              pm::outcome::updated);
    options.if_match = "*";
    EXPECT_EQ(pm::patch_profile_by_id(stored, profile_request({{"name", "x"}}), at_later(), options)
                  .outcome,
              pm::outcome::updated);
    options.if_match = "\"0000000000000000\"";
    const auto stale =
        pm::patch_profile_by_id(stored, profile_request({{"name", "x"}}), at_later(), options);
    EXPECT_EQ(stale.outcome, pm::outcome::precondition_failed);
    EXPECT_EQ(stale.status(), 412);
    options.if_match = "*";  // G11: nothing stored is 404 before If-Match is looked at
    EXPECT_EQ(pm::patch_profile_by_id(json(nullptr), profile_request({{"name", "x"}}), at_later(),
                                      options)
                  .outcome,
              pm::outcome::not_found);
}

TEST(Patch, TheRvalueOverloadGivesTheSameResultWithoutACopy) {  // G3
    const json request = profile_request({{"name", "Jane"}, {"attributes", {{"a", 1}}}});
    const auto by_reference = pm::patch_profile_by_id(coolbikes_profile(), request, at_later());
    json stored = coolbikes_profile();
    const auto* attributes_before = &stored["attributes"]["favorite_color"];
    const auto by_value = pm::patch_profile_by_id(std::move(stored), request, at_later());
    EXPECT_EQ(by_value.entity, by_reference.entity);
    EXPECT_EQ(&by_value.entity["attributes"]["favorite_color"], attributes_before)
        << "the stored tree was copied, not moved";
}

TEST(Patch, EveryKindOfErrorLeavesTheStoredProfileUntouched) {  // G3
    const json stored = with_identifiers(20);
    const auto run = [](std::string query, json request, pm::patch_options options = {}) {
        return [=](auto&& s) {
            return query.empty() ? pm::patch_profile_by_id(std::forward<decltype(s)>(s), request,
                                                           at_later(), options)
                                 : pm::patch_profile_by_query(std::forward<decltype(s)>(s), query,
                                                              request, at_later(), options);
        };
    };
    pm::patch_options reject;
    reject.read_only = pm::read_only_policy::reject;
    pm::patch_options stale;
    stale.if_match = "\"ffffffffffffffff\"";
    const json id_limit =
        profile_request({{"name", "n"}, {"identifiers", {{{"type", "sdk"}, {"value", "x"}}}}});
    expect_all_or_nothing(stored, run("", json::array()), pm::error_code::invalid_envelope);
    expect_all_or_nothing(stored, run("", profile_request({{"name", "n"}, {"attributes", 1}})),
                          pm::error_code::invalid_type);
    expect_all_or_nothing(stored, run("", profile_request({{"name", std::string("\xFF")}})),
                          pm::error_code::invalid_value);
    expect_all_or_nothing(
        stored,
        run("", profile_request({{"attributes", {{"a", 1}}},
                                 {"identifiers", {{{"type", ""}, {"value", "v"}}}}})),
        pm::error_code::blank_value);
    expect_all_or_nothing(stored,
                          run("", profile_request({{"attributes", {{"a", 1}}},
                                                   {"identifiers", {{{"type", "sdk"}}}}})),
                          pm::error_code::missing_required);
    expect_all_or_nothing(stored, run("a:b", profile_request({{"name", "n"}})),
                          pm::error_code::invalid_identifier_query);
    expect_all_or_nothing(
        stored, run("zendesk:rider:email:jdoe@example.com", profile_request({{"name", "n"}})),
        pm::error_code::reserved_source);
    expect_all_or_nothing(stored, run("", id_limit), pm::error_code::limit_exceeded);
    expect_all_or_nothing(stored, run("", profile_request({{"name", "n"}, {"type", "x"}}), reject),
                          pm::error_code::read_only_field);
    expect_all_or_nothing(stored, run("", profile_request({{"name", "n"}}), stale),
                          pm::error_code::precondition_failed);
    expect_all_or_nothing(stored,
                          run("coolbikes:rider:email:nobody@x.y", profile_request({{"name", "n"}})),
                          pm::error_code::not_found);
}

TEST(Patch, TheChangeReportNamesEveryChangedPath) {  // R
    const auto r = patch({{"attributes", {{"favorite_color", nullptr}, {"gears", 21}}},
                          {"identifiers", {{{"type", "sdk"}, {"value", "1"}}}}});
    EXPECT_EQ(r.changes, (pm::change_list{{pm::change_op::append, "/identifiers/1"},
                                          {pm::change_op::remove, "/attributes/favorite_color"},
                                          {pm::change_op::add, "/attributes/gears"}}));
}

TEST(Patch, AProfileWithoutANameGetsTheDerivedOne) {  // NM1
    json stored = coolbikes_profile();
    stored.erase("name");
    const auto r = pm::patch_profile_by_id(stored, profile_request(json::object()), at_later());
    EXPECT_EQ(r.outcome, pm::outcome::updated);
    EXPECT_EQ(r.entity["name"], "jdoe@example.com");
}

// The name is derived from the identifiers the result has, appended ones included:
// an appended email outranks a stored sdk identifier.
TEST(Patch, TheNameIsDerivedFromTheIdentifiersThePatchAppends) {  // NM1, P4
    json stored = coolbikes_profile();
    stored.erase("name");
    stored["identifiers"] = {{{"type", "sdk"}, {"value", "device-1"}}};
    const auto r = pm::patch_profile_by_id(
        stored,
        profile_request({{"identifiers", {{{"type", "email"}, {"value", "New@Example.com"}}}}}),
        at_later());
    EXPECT_EQ(r.entity["name"], "new@example.com") << pm::to_json(r).dump();
    stored.erase("identifiers");
    EXPECT_EQ(pm::patch_profile_by_id(
                  stored, profile_request({{"identifiers", {{{"type", "sdk"}, {"value", "d2"}}}}}),
                  at_later())
                  .entity["name"],
              "SDK user d2")
        << "a profile without identifiers gets its name from the appended ones";
}

TEST(Patch, SameInputsGiveTheSameOutputs) {  // G2
    const json request =
        profile_request({{"name", "Jane"}, {"identifiers", {{{"type", "sdk"}, {"value", "1"}}}}});
    EXPECT_EQ(pm::to_json(pm::patch_profile_by_id(coolbikes_profile(), request, at_later())),
              pm::to_json(pm::patch_profile_by_id(coolbikes_profile(), request, at_later())));
}

// The members PATCH writes are found in one walk of a small profile and by look-up
// in a large one; both must find them wherever they sort.
TEST(Patch, FindsItsMembersAmongManyOthersAndAroundEmptyOrNonAsciiKeys) {  // P2, P3, G4
    for (const std::size_t extra : {std::size_t{0}, std::size_t{3}, std::size_t{40}}) {
        json stored = test_support::coolbikes_profile();
        stored[""] = 1;                   // sorts first
        stored["\xC3\xA9t\xC3\xA9"] = 2;  // sorts after every ASCII key
        stored["nama"] = 3;               // as long as "name", sorting just before it
        stored["namez"] = 4;
        for (std::size_t i = 0; i < extra; ++i) {
            stored["m" + std::to_string(i)] = i;
        }
        const auto r = pm::patch_profile_by_id(
            stored,
            test_support::profile_request(
                {{"name", "Jane"}, {"attributes", {{"favorite_color", "green"}}}}),
            test_support::at_later());
        ASSERT_EQ(r.outcome, pm::outcome::updated) << extra;
        EXPECT_EQ(r.entity["name"], "Jane");
        EXPECT_EQ(r.entity["attributes"]["favorite_color"], "green");
        EXPECT_EQ(r.entity["updated_at"], test_support::later);
        EXPECT_EQ(r.entity.size(), stored.size()) << "no member added or lost";
        EXPECT_EQ(r.changes,
                  (pm::change_list{{pm::change_op::replace, "/attributes/favorite_color"},
                                   {pm::change_op::replace, "/name"}}));
    }
}
