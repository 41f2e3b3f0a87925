// End users updating themselves: E1-E9, with G3-G6 and G10 as they apply.
#include "support.hpp"

#include <map>
#include <string>
#include <vector>

using namespace test_support;

namespace {

pm::operation_result update(const json& inner, const pm::end_user_options& options = {}) {
    return pm::update_end_user(johnny_end_user(), user_request(inner), at_later(), options);
}

}  // namespace

TEST(EndUser, TheSeedExampleRenamesRogerWilcoAndKeepsEverythingElse) {  // E1, E4
    const auto r = update({{"name", "Roger Wilco II"}});
    ASSERT_EQ(r.outcome, pm::outcome::updated);
    json expected = johnny_end_user();
    expected["name"] = "Roger Wilco II";
    expected["updated_at"] = later;
    EXPECT_EQ(r.entity, expected);
    EXPECT_EQ(r.changes, (pm::change_list{{pm::change_op::replace, "/name"}}));
}

// Every field of the seed's "JSON Format for End-user Requests" table, with the
// treatment the table and E2/E3/E7 give it.
TEST(EndUser, EveryFieldOfTheSeedTableIsTreatedAsItsRowSays) {  // E1, E2, E3, E7
    const json seed_user = json::parse(R"({
        "id": 99, "email": "new@example.com", "name": "New Name", "created_at": "2000-01-01T00:00:00Z",
        "locale": "da", "locale_id": 7, "organization_id": 1, "phone": "+45 12 34 56 78",
        "shared_phone_number": true, "photo": {"id": 1, "content_url": "https://x/y.png"},
        "role": "admin", "time_zone": "Berlin", "updated_at": "2000-01-01T00:00:00Z",
        "url": "https://elsewhere", "verified": false})");
    const std::map<std::string, std::string> seed_table{{"id", "read-only"},
                                                        {"email", "secondary"},
                                                        {"name", "written"},
                                                        {"created_at", "read-only"},
                                                        {"locale", "read-only"},
                                                        {"locale_id", "written"},
                                                        {"organization_id", "written"},
                                                        {"phone", "written"},
                                                        {"shared_phone_number", "read-only"},
                                                        {"photo", "read-only"},
                                                        {"role", "not permitted"},
                                                        {"time_zone", "written"},
                                                        {"updated_at", "read-only"},
                                                        {"url", "read-only"},
                                                        {"verified", "not permitted"}};
    ASSERT_EQ(seed_table.size(), seed_user.size());
    for (const auto& [field, treatment] : seed_table) {
        const auto r = update({{field, seed_user[field]}});
        ASSERT_TRUE(r.ok()) << field << ": " << pm::to_json(r).dump();
        const std::string pointer = "/user/" + field;
        if (treatment == "read-only") {
            EXPECT_TRUE(has_ignored(r, pointer, pm::ignore_reason::read_only)) << field;
            EXPECT_EQ(r.entity, johnny_end_user()) << field;
        } else if (treatment == "not permitted") {
            EXPECT_TRUE(has_ignored(r, pointer, pm::ignore_reason::not_permitted)) << field;
            EXPECT_EQ(r.entity, johnny_end_user()) << field;
        } else if (treatment == "secondary") {
            EXPECT_EQ(r.entity["email"], "johnny@example.com") << field;
            EXPECT_EQ(effects_json(r)[0]["kind"], "add_secondary_email");
        } else {
            EXPECT_EQ(r.outcome, pm::outcome::updated) << field;
            EXPECT_NE(r.entity[field], johnny_end_user()[field]) << field;
        }
    }
    for (const auto& field : pm::zendesk_end_user_fields) {
        if (field.name != "remote_photo_url") {
            EXPECT_EQ(seed_table.count(std::string(field.name)), 1u)
                << field.name << " is not in the seed";
        }
    }
}

TEST(EndUser, ReadOnlyFieldsNeverReachTheUser) {  // E2, G6
    const auto r = update({{"id", 1},
                           {"url", "x"},
                           {"created_at", "x"},
                           {"updated_at", "x"},
                           {"locale", "fr"},
                           {"shared_phone_number", false}});
    EXPECT_EQ(r.outcome, pm::outcome::unchanged);
    EXPECT_EQ(r.entity, johnny_end_user());
    EXPECT_EQ(r.ignored.size(), 6u);
    pm::end_user_options reject;
    reject.read_only = pm::read_only_policy::reject;
    EXPECT_TRUE(
        has_error(update({{"id", 1}}, reject), pm::error_code::read_only_field, "/user/id"));
    EXPECT_EQ(update({{"id", 35436}}, reject).outcome, pm::outcome::unchanged) << "an echo is fine";
}

TEST(EndUser, AnEndUserCanNeverMakeItselfAnAdmin) {  // E3
    const auto r = update({{"role", "admin"}, {"verified", false}});
    EXPECT_EQ(r.outcome, pm::outcome::unchanged);
    EXPECT_EQ(r.entity["role"], "end-user");
    EXPECT_EQ(r.entity["verified"], true);
    EXPECT_TRUE(has_ignored(r, "/user/role", pm::ignore_reason::not_permitted));
    EXPECT_TRUE(has_ignored(r, "/user/verified", pm::ignore_reason::not_permitted));
}

TEST(EndUser, RejectModeMakesAPrivilegeChangeForbidden) {  // E3 [decision]
    pm::end_user_options reject;
    reject.privileged_fields = pm::privileged_fields_policy::reject;
    const auto r = update({{"role", "admin"}, {"name", "x"}}, reject);
    EXPECT_EQ(r.outcome, pm::outcome::forbidden);
    EXPECT_EQ(r.status(), 403);
    EXPECT_TRUE(has_error(r, pm::error_code::forbidden_field, "/user/role"));
    EXPECT_EQ(update({{"role", "end-user"}}, reject).outcome, pm::outcome::unchanged);
}

// An error past max_errors is counted, not listed, and still decides the outcome: a
// forbidden change left out of the list is still a 403.
TEST(EndUser, AnOmittedErrorStillDecidesTheOutcome) {  // G8, G7, E3
    pm::end_user_options options;
    options.privileged_fields = pm::privileged_fields_policy::reject;
    options.report.max_errors = 1;
    const auto r = update({{"name", ""}, {"role", "admin"}}, options);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].code, pm::error_code::blank_value);
    EXPECT_EQ(r.errors_omitted, 1u);
    EXPECT_EQ(r.outcome, pm::outcome::forbidden);
    EXPECT_EQ(r.status(), 403);
}

TEST(EndUser, NameCannotBeBlank) {  // E4
    for (const json& blank : {json(nullptr), json(""), json("  \t ")}) {
        const auto r = update({{"name", blank}});
        EXPECT_EQ(r.status(), 422) << blank;
        EXPECT_TRUE(has_error(r, pm::error_code::blank_value, "/user/name")) << blank;
    }
    EXPECT_TRUE(has_error(update({{"name", 5}}), pm::error_code::invalid_type, "/user/name"));
}

// E4 decided: a control character counts as a space only for the blank check; inside
// a name that is not blank, any of them is invalid.
TEST(EndUser, ANameThatHoldsAControlCharacterIsInvalid) {  // E4, G12
    for (const std::string& inside : std::vector<std::string>{
             "\t", "\n", "\r", std::string(1, '\0'), "\x1F", "\x7F", "\xC2\x85", "\xC2\x9F"}) {
        const auto r = update({{"name", "Roger" + inside + "Wilco"}});
        EXPECT_EQ(r.status(), 422) << json(inside).dump();
        EXPECT_TRUE(has_error(r, pm::error_code::invalid_value, "/user/name"))
            << json(inside).dump();
    }
    EXPECT_TRUE(
        has_error(update({{"name", "\t\r\n\xC2\x85"}}), pm::error_code::blank_value, "/user/name"));
    EXPECT_EQ(update({{"name", "Roger\xC2\xA0Wilco"}}).outcome, pm::outcome::updated)
        << "a no-break space is a space, not a control";
}

TEST(EndUser, AnEmailIsAddedAsSecondaryNeverReplacingThePrimary) {  // E5, N1
    const auto r = update({{"email", "Johnny.Second@Example.com"}});
    EXPECT_EQ(r.outcome, pm::outcome::updated) << "an effect counts as a change (G4)";
    EXPECT_EQ(r.entity["email"], "johnny@example.com");
    EXPECT_EQ(r.entity["updated_at"], later);
    EXPECT_EQ(
        effects_json(r),
        json::parse(R"([{"kind":"add_secondary_email","value":"johnny.second@example.com"}])"));
    EXPECT_EQ(update({{"email", "JOHNNY@example.com"}}).outcome, pm::outcome::unchanged);
}

// N1 compares emails lower-cased on both sides: a primary stored in mixed case is the
// same address in any other case.
TEST(EndUser, AMixedCasePrimaryIsTheSameEmailInAnyCase) {  // E5, N1
    const json stored = [] {
        json u = johnny_end_user();
        u["email"] = "Johnny@Example.COM";
        return u;
    }();
    for (const char* same : {"johnny@example.com", "JOHNNY@EXAMPLE.COM", "Johnny@Example.COM"}) {
        const auto r = pm::update_end_user(stored, user_request({{"email", same}}), at_later());
        EXPECT_EQ(r.outcome, pm::outcome::unchanged) << same;
        EXPECT_TRUE(r.effects.empty()) << same;
    }
}

TEST(EndUser, AnEmailNeedsExactlyOneAtWithTextOnBothSides) {  // E5
    for (const char* bad : {"johnny", "@example.com", "johnny@", "a@b@c"}) {
        EXPECT_TRUE(
            has_error(update({{"email", bad}}), pm::error_code::invalid_value, "/user/email"))
            << bad;
    }
    EXPECT_TRUE(has_error(update({{"email", 1}}), pm::error_code::invalid_type, "/user/email"));
}

TEST(EndUser, APhoneIsStoredCompactInE164) {  // E6
    const auto r = update({{"phone", "+45 (12) 34-56.78"}});
    EXPECT_EQ(r.entity["phone"], "+4512345678");
    EXPECT_EQ(effects_json(r), json::parse(R"([{"kind":"phone_changed","value":"+4512345678"}])"));
    EXPECT_EQ(update({{"phone", "+1 555 123 4567"}}).outcome, pm::outcome::unchanged);
}

TEST(EndUser, APhoneMustBeE164) {  // E6
    for (const char* bad : {"5551234567", "+0123", "+1", "+1234567890123456", "+1-555-CALL", ""}) {
        EXPECT_TRUE(
            has_error(update({{"phone", bad}}), pm::error_code::invalid_value, "/user/phone"))
            << bad;
    }
    EXPECT_TRUE(
        has_error(update({{"phone", 15551234567}}), pm::error_code::invalid_type, "/user/phone"));
    EXPECT_TRUE(update({{"phone", "+12"}}).ok()) << "two digits is the shortest E.164";
    EXPECT_TRUE(update({{"phone", "+123456789012345"}}).ok()) << "fifteen digits is the longest";
}

TEST(EndUser, NullRemovesThePhone) {  // E6
    const auto r = update({{"phone", nullptr}});
    EXPECT_FALSE(r.entity.contains("phone"));
    EXPECT_EQ(effects_json(r), json::parse(R"([{"kind":"phone_changed","value":null}])"));
    EXPECT_EQ(r.changes, (pm::change_list{{pm::change_op::remove, "/phone"}}));
}

TEST(EndUser, LocaleIdIsAPositiveInteger) {  // E7
    EXPECT_EQ(update({{"locale_id", 8}}).entity["locale_id"], 8);
    EXPECT_TRUE(
        has_error(update({{"locale_id", 0}}), pm::error_code::invalid_value, "/user/locale_id"));
    EXPECT_TRUE(
        has_error(update({{"locale_id", -3}}), pm::error_code::invalid_value, "/user/locale_id"));
    EXPECT_TRUE(
        has_error(update({{"locale_id", "8"}}), pm::error_code::invalid_type, "/user/locale_id"));
    EXPECT_TRUE(
        has_error(update({{"locale_id", 8.5}}), pm::error_code::invalid_type, "/user/locale_id"));
}

TEST(EndUser, ANewOrganizationBecomesTheDefault) {  // E7
    const auto r = update({{"organization_id", 77}});
    EXPECT_EQ(r.entity["organization_id"], 77);
    EXPECT_EQ(effects_json(r),
              json::parse(R"([{"kind":"set_default_organization","organization_id":77}])"));
    const auto none = update({{"organization_id", nullptr}});
    EXPECT_EQ(effects_json(none),
              json::parse(R"([{"kind":"set_default_organization","organization_id":null}])"));
    EXPECT_EQ(update({{"organization_id", 57542}}).outcome, pm::outcome::unchanged);
    EXPECT_TRUE(has_error(update({{"organization_id", "57542"}}), pm::error_code::invalid_type,
                          "/user/organization_id"));
}

TEST(EndUser, TimeZoneIsANonEmptyString) {  // E7
    EXPECT_EQ(update({{"time_zone", "Berlin"}}).entity["time_zone"], "Berlin");
    EXPECT_TRUE(
        has_error(update({{"time_zone", ""}}), pm::error_code::blank_value, "/user/time_zone"));
    EXPECT_TRUE(
        has_error(update({{"time_zone", 1}}), pm::error_code::invalid_type, "/user/time_zone"));
}

TEST(EndUser, ARemotePhotoMustBeHttpsAndIsFetchedByTheServer) {  // E7
    const auto r = update({{"remote_photo_url", "https://cdn.example.com/me.png"}});
    EXPECT_EQ(
        effects_json(r),
        json::parse(R"([{"kind":"fetch_remote_photo","url":"https://cdn.example.com/me.png"}])"));
    EXPECT_FALSE(r.entity.contains("remote_photo_url"));
    for (const char* bad :
         {"http://cdn.example.com/me.png", "https://", "ftp://x", "https:///path",
          "https://cdn.example.com:0/me.png", "https://cdn.example.com:65536/me.png"}) {
        EXPECT_TRUE(has_error(update({{"remote_photo_url", bad}}), pm::error_code::invalid_value,
                              "/user/remote_photo_url"))
            << bad;
    }
    for (const char* good :
         {"https://cdn.example.com:65535/me.png", "https://cdn.example.com:1/a"}) {
        EXPECT_EQ(update({{"remote_photo_url", good}}).outcome, pm::outcome::updated) << good;
    }
}

TEST(EndUser, PhotoNullRemovesThePhotoAndAnObjectIsIgnored) {  // E7, E2
    json stored = johnny_end_user();
    stored["photo"] = {{"id", 928374}};
    const auto removed =
        pm::update_end_user(stored, user_request({{"photo", nullptr}}), at_later());
    EXPECT_FALSE(removed.entity.contains("photo"));
    const auto ignored =
        pm::update_end_user(stored, user_request({{"photo", {{"id", 1}}}}), at_later());
    EXPECT_EQ(ignored.entity["photo"], json({{"id", 928374}}));
    EXPECT_TRUE(has_ignored(ignored, "/user/photo", pm::ignore_reason::read_only));
    EXPECT_TRUE(
        has_error(update({{"photo", "x.png"}}), pm::error_code::invalid_type, "/user/photo"));
}

TEST(EndUser, ASharedUserCannotBeModified) {  // E8
    json stored = johnny_end_user();
    stored["shared"] = true;
    const auto r = pm::update_end_user(stored, user_request({{"name", "x"}}), at_later());
    EXPECT_EQ(r.outcome, pm::outcome::forbidden);
    EXPECT_EQ(r.status(), 403);
    EXPECT_TRUE(has_unplaced_error(r, pm::error_code::shared_user));
}

TEST(EndUser, EveryInvalidFieldIsReportedInTheClassicShape) {  // E9, G8
    const auto r = update({{"name", ""}, {"email", "nope"}, {"phone", "123"}, {"locale_id", "x"}});
    EXPECT_EQ(r.status(), 422);
    EXPECT_EQ(r.errors.size(), 4u);
    const json body = pm::error_body(r);
    EXPECT_EQ(body["error"], "RecordInvalid");
    EXPECT_EQ(body["description"], "Record validation errors");
    for (const char* field : {"name", "email", "phone", "locale_id"}) {
        ASSERT_TRUE(body["details"].contains(field)) << body.dump();
        EXPECT_TRUE(body["details"][field][0].contains("description"));
    }
    EXPECT_EQ(body["details"]["name"][0]["error"], "blank_value");
}

TEST(EndUser, IllFormedUtf8IsAnInvalidValueNotAWrongType) {  // E4-E7, G8
    for (const char* field : {"name", "email", "phone", "time_zone", "remote_photo_url"}) {
        EXPECT_TRUE(has_error(update({{field, std::string("\xC3\x28")}}),
                              pm::error_code::invalid_value, std::string("/user/") + field))
            << field;
    }
}

TEST(EndUser, UnknownFieldsAreIgnored) {  // G5
    const auto r = update({{"nickname", "J"}, {"shared", false}});
    EXPECT_EQ(r.outcome, pm::outcome::unchanged);
    EXPECT_FALSE(r.entity.contains("nickname"));
    EXPECT_TRUE(has_ignored(r, "/user/nickname", pm::ignore_reason::unknown_field));
}

TEST(EndUser, NoStoredUserIsNotFoundAndAStaleEtagFails) {  // G7, G10
    EXPECT_EQ(
        pm::update_end_user(json(nullptr), user_request({{"name", "x"}}), at_later()).status(),
        404);
    pm::end_user_options stale;
    stale.if_match = "\"0\"";
    EXPECT_EQ(update({{"name", "x"}}, stale).status(), 412);
}

TEST(EndUser, EveryKindOfErrorLeavesTheStoredUserUntouched) {  // G3
    const json stored = johnny_end_user();
    json shared = stored;
    shared["shared"] = true;
    const auto run = [](json request, pm::end_user_options options = {}) {
        return [=](auto&& s) {
            return pm::update_end_user(std::forward<decltype(s)>(s), request, at_later(), options);
        };
    };
    pm::end_user_options reject;
    reject.read_only = pm::read_only_policy::reject;
    reject.privileged_fields = pm::privileged_fields_policy::reject;
    pm::end_user_options stale;
    stale.if_match = "\"0\"";
    expect_all_or_nothing(stored, run(json{{"profile", json::object()}}),
                          pm::error_code::invalid_envelope);
    expect_all_or_nothing(stored, run(user_request({{"time_zone", "Oslo"}, {"locale_id", "1"}})),
                          pm::error_code::invalid_type);
    expect_all_or_nothing(stored, run(user_request({{"time_zone", "Oslo"}, {"phone", "1"}})),
                          pm::error_code::invalid_value);
    expect_all_or_nothing(stored, run(user_request({{"time_zone", "Oslo"}, {"name", " "}})),
                          pm::error_code::blank_value);
    expect_all_or_nothing(stored, run(user_request({{"time_zone", "Oslo"}, {"url", "x"}}), reject),
                          pm::error_code::read_only_field);
    expect_all_or_nothing(stored,
                          run(user_request({{"time_zone", "Oslo"}, {"role", "admin"}}), reject),
                          pm::error_code::forbidden_field);
    expect_all_or_nothing(shared, run(user_request({{"time_zone", "Oslo"}})),
                          pm::error_code::shared_user);
    expect_all_or_nothing(stored, run(user_request({{"time_zone", "Oslo"}}), stale),
                          pm::error_code::precondition_failed);
    expect_all_or_nothing(json(nullptr), run(user_request({{"time_zone", "Oslo"}})),
                          pm::error_code::not_found);
}
