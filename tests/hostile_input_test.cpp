// Hostile input: each case ends in a clean result, never a crash, a hang,
// an exception or a stored entity that changed.
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "support.hpp"

using namespace test_support;

namespace {

// A request whose attributes are `attributes`, moved in (a copy would recurse).
json request_with_attributes(json attributes) {
    json request = json::object();
    request["profile"] = json::object();
    request["profile"]["attributes"] = std::move(attributes);
    return request;
}

}  // namespace

TEST(HostileInput, AHundredThousandLevelsAreALimitNotAStackOverflow) {  // G9
    const json request = request_with_attributes(nested_objects(100000));
    const auto patched = pm::patch_profile_by_id(coolbikes_profile(), request, at_later());
    EXPECT_EQ(patched.outcome, pm::outcome::invalid);
    ASSERT_EQ(patched.errors.size(), 1u);
    EXPECT_EQ(patched.errors[0].code, pm::error_code::limit_exceeded);
    EXPECT_EQ(patched.entity, coolbikes_profile());

    json put_request = request_with_attributes(nested_objects(100000));
    put_request["profile"]["identifiers"] =
        json::parse(R"([{"type":"email","value":"jdoe@example.com"}])");
    const auto put =
        pm::put_profile_by_query(coolbikes_profile(), jdoe_query, put_request, at_later());
    EXPECT_TRUE(
        has_error(put, pm::error_code::limit_exceeded,
                  put.errors.empty() ? "" : std::string(put.errors[0].pointer().value_or(""))));
    EXPECT_EQ(put.entity, coolbikes_profile());
}

TEST(HostileInput, OneMebibyteStringsAreLimitedWhereG9LimitsThem) {  // G9
    const std::string mebibyte(1 << 20, 'x');
    const auto attribute = pm::patch_profile_by_id(
        coolbikes_profile(), profile_request({{"attributes", {{"blob", mebibyte}}}}), at_later());
    EXPECT_EQ(attribute.outcome, pm::outcome::updated) << "attribute values have no length limit";
    EXPECT_EQ(attribute.entity["attributes"]["blob"].get_ref<const std::string&>().size(),
              mebibyte.size());
    const auto identifier = pm::patch_profile_by_id(
        coolbikes_profile(),
        profile_request({{"identifiers", {{{"type", "sdk"}, {"value", mebibyte}}}}}), at_later());
    EXPECT_TRUE(
        has_error(identifier, pm::error_code::limit_exceeded, "/profile/identifiers/0/value"));
    const auto query = pm::parse_identifier_query("s:t:email:" + mebibyte);
    ASSERT_FALSE(query.ok());
    EXPECT_EQ(query.errors[0].code, pm::error_code::limit_exceeded);
}

TEST(HostileInput, AHundredThousandAttributesMergeInOnePatch) {  // P3
    json attributes = json::object();
    for (int i = 0; i < 100000; ++i)
        attributes["a" + std::to_string(i)] = i;
    const auto r = pm::patch_profile_by_id(coolbikes_profile(), request_with_attributes(attributes),
                                           at_later());
    ASSERT_EQ(r.outcome, pm::outcome::updated);
    EXPECT_EQ(r.entity["attributes"].size(), 100002u);
    EXPECT_EQ(r.changes.size(), 100000u);
}

TEST(HostileInput, IllFormedUtf8BuiltInMemoryIsAClearErrorNotAnException) {  // F1, G8
    const std::string bad = "\xC3\x28";
    const json request =
        profile_request({{"name", "ok"}, {"identifiers", {{{"type", "sdk"}, {"value", bad}}}}});
    pm::operation_result r;
    ASSERT_NO_THROW(r = pm::patch_profile_by_id(coolbikes_profile(), request, at_later()));
    EXPECT_TRUE(has_error(r, pm::error_code::invalid_value, "/profile/identifiers/0/value"));
    EXPECT_NO_THROW((void)pm::to_json(r).dump());
    EXPECT_NO_THROW((void)pm::error_body(r).dump());
    for (const json& hostile :
         {profile_request({{"name", bad}}), profile_request({{"attributes", {{bad, 1}}}}),
          profile_request({{"attributes", {{"k", {{"deeper", bad}}}}}})}) {
        const auto refused = pm::patch_profile_by_id(coolbikes_profile(), hostile, at_later());
        EXPECT_EQ(refused.outcome, pm::outcome::invalid);
        EXPECT_NO_THROW((void)pm::to_json(refused).dump());
    }
}

TEST(HostileInput, AnEndUserSendingPrivilegedAndReadOnlyFieldsChangesNothing) {  // E2, E3
    const auto r = pm::update_end_user(
        johnny_end_user(),
        user_request(
            {{"role", "admin"}, {"verified", true}, {"id", 1}, {"shared_phone_number", true}}),
        at_later());
    EXPECT_EQ(r.outcome, pm::outcome::unchanged);
    EXPECT_EQ(r.entity, johnny_end_user());
    EXPECT_EQ(r.ignored.size(), 4u);
}

TEST(HostileInput, QueriesWithNulOrOverlongEscapesAreRefused) {  // Q2
    for (const char* query :
         {"s:t:email:a%00", "s:t:email:%C0%80", "s:t:email:%E0%80%80", "s:t:email:%F4%90%80%80"}) {
        const auto r = pm::put_profile_by_query(
            json(nullptr), query,
            profile_request({{"identifiers", {{{"type", "sdk"}, {"value", "1"}}}}}), at_later());
        EXPECT_TRUE(has_unplaced_error(r, pm::error_code::invalid_identifier_query, "identifier"))
            << query;
    }
}

// Rules v2: each finding of the hostile-input round, from its reproducer.
namespace {

std::size_t output_size(const pm::operation_result& r) {
    std::string text;
    pm::append_json(text, r);
    return text.size();
}

std::size_t request_size(const json& request) {
    return pm::detail::dump_compact(request).size();
}

// {"attributes": {K1: {K2: ... {leaves}}}} with `levels` keys of `length` characters.
json chain_of_long_keys(std::size_t levels, std::size_t length, json leaves) {
    json value = std::move(leaves);
    for (std::size_t level = levels; level > 0; --level) {
        json wrapper = json::object();
        wrapper[std::string(length, static_cast<char>('a' + level % 26))] = std::move(value);
        value = std::move(wrapper);
    }
    return value;
}

json seed_body() {
    return profile_request(
        json::parse(R"({"identifiers": [{"type": "email", "value": "jdoe@example.com"}]})"));
}

json thousand_members(int start) {
    json members = json::object();
    for (int i = start; i < start + 1000; ++i) {
        members["m" + std::to_string(i)] = i;
    }
    return members;
}

}  // namespace

TEST(HostileInput, AHundredKilobyteAttributeNameIsALimitNotAHundredMegabytes) {  // G9, finding 1
    const std::string k(100 * 1024, 'k');
    json stored = coolbikes_profile();
    stored["attributes"][k] = json::object();
    json attributes = json::object();
    attributes[k] = thousand_members(0);
    const json request = profile_request({{"attributes", attributes}});
    const auto r = pm::patch_profile_by_id(stored, request, at_later());
    EXPECT_EQ(r.outcome, pm::outcome::invalid);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].code, pm::error_code::limit_exceeded);
    EXPECT_EQ(r.errors[0].pointer(), "/profile/attributes/" + k);
    EXPECT_LT(output_size(r), 4 * request_size(request) + 64 * 1024);
    EXPECT_EQ(r.entity, stored);
}

TEST(HostileInput, DeepLongNamesGiveACoarsenedReportThroughPatchAndPut) {  // R2, finding 1
    // 31 names of 256 characters, then 1,000 members: each exact path would repeat 8 KB.
    const json stored_attributes = chain_of_long_keys(31, 256, thousand_members(0));
    json stored = coolbikes_profile();
    stored["attributes"] = stored_attributes;
    const json patch_request =
        profile_request({{"attributes", chain_of_long_keys(31, 256, thousand_members(1000))}});
    const auto patched = pm::patch_profile_by_id(stored, patch_request, at_later());
    ASSERT_EQ(patched.outcome, pm::outcome::updated);
    EXPECT_TRUE(patched.changes_coarsened);
    const std::string top = "/attributes/" + stored_attributes.begin().key();
    EXPECT_EQ(patched.changes, (pm::change_list{{pm::change_op::replace, top}}));
    EXPECT_EQ(patched.entity["attributes"].flatten().size(), 2000u) << "the merge itself is whole";
    EXPECT_LT(output_size(patched),
              4 * request_size(patch_request) + 64 * 1024 + request_size(patched.entity));

    json put_body = patch_request;
    put_body["profile"]["identifiers"] = stored["identifiers"];
    const auto put = pm::put_profile_by_id(stored, put_body, at_later());
    ASSERT_EQ(put.outcome, pm::outcome::replaced);
    EXPECT_TRUE(put.changes_coarsened);
    EXPECT_EQ(put.changes,
              (pm::change_list{{pm::change_op::replace, top}, {pm::change_op::replace, "/name"}}));
    const json text = pm::to_json(put);
    EXPECT_EQ(text["changes_coarsened"], true);
}

TEST(HostileInput, ASmallReportIsExactAndSaysNothingOfCoarsening) {  // R2
    const auto r = pm::patch_profile_by_id(
        coolbikes_profile(), profile_request({{"attributes", {{"a", {{"b", 1}}}}}}), at_later());
    EXPECT_FALSE(r.changes_coarsened);
    EXPECT_FALSE(pm::to_json(r).contains("changes_coarsened"));
}

TEST(HostileInput, AMillionBadIdentifiersListAHundredErrorsAndCountTheRest) {  // G8, finding 9
    json identifiers = json::array();
    for (int i = 0; i < 1000000; ++i) {
        identifiers.push_back({{"type", ""}, {"value", i}});
    }
    const json request = profile_request({{"identifiers", std::move(identifiers)}});
    const auto r = pm::patch_profile_by_id(coolbikes_profile(), request, at_later());
    EXPECT_EQ(r.outcome, pm::outcome::invalid);
    EXPECT_EQ(r.errors.size(), 100u);
    EXPECT_EQ(r.errors.size() + r.errors_omitted, 1000000u);
    const json text = pm::to_json(r);
    EXPECT_EQ(text["errors_omitted"], r.errors_omitted);
    EXPECT_LT(output_size(r), 64u * 1024);

    pm::patch_options unlimited;
    unlimited.report.max_errors = 0;
    json few = json::array({{{"type", ""}, {"value", 1}}, {{"type", ""}, {"value", 2}}});
    EXPECT_EQ(pm::patch_profile_by_id(coolbikes_profile(), profile_request({{"identifiers", few}}),
                                      at_later(), unlimited)
                  .errors.size(),
              2u);
}

TEST(HostileInput, IgnoredMembersAreBoundedLikeErrors) {  // R2
    json body = json::object();
    for (int i = 0; i < 1000; ++i) {
        body["unknown_" + std::to_string(i)] = i;
    }
    const auto r = pm::patch_profile_by_id(coolbikes_profile(), profile_request(body), at_later());
    EXPECT_EQ(r.outcome, pm::outcome::unchanged);
    EXPECT_EQ(r.ignored.size(), 100u);
    EXPECT_EQ(r.ignored_omitted, 900u);
}

TEST(HostileInput, NumbersThatNlohmannCallsEqualAreUpdates) {  // G4, finding 3
    const std::pair<json, json> pairs[] = {
        {json(-1), json(std::numeric_limits<std::uint64_t>::max())},
        {json(std::numeric_limits<std::int64_t>::min()), json(std::uint64_t{1} << 63)},
        {json(9007199254740993LL), json(9007199254740992.0)},
        {json(1), json(1.0)},
        {json(0), json(-0.0)},
        {json(0.0), json(-0.0)},  // the same double, written "0.0" and "-0.0"
    };
    for (const auto& [before, after] : pairs) {
        json stored = coolbikes_profile();
        stored["attributes"]["x"] = before;
        const auto r = pm::patch_profile_by_id(
            stored, profile_request({{"attributes", {{"x", after}}}}), at_later());
        EXPECT_EQ(r.outcome, pm::outcome::updated) << before << " -> " << after;
        EXPECT_EQ(pm::detail::dump_compact(r.entity["attributes"]["x"]),
                  pm::detail::dump_compact(after));
        const auto same = pm::patch_profile_by_id(
            stored, profile_request({{"attributes", {{"x", before}}}}), at_later());
        EXPECT_EQ(same.outcome, pm::outcome::unchanged) << before;
    }
}

TEST(HostileInput, SharedIsAnythingButAbsentNullOrFalse) {  // E8, finding 4
    for (const json& shared : {json(1), json(1.0), json("true"), json::object(), json(true)}) {
        json stored = johnny_end_user();
        stored["shared"] = shared;
        const auto r = pm::update_end_user(stored, user_request({{"name", "x"}}), at_later());
        EXPECT_EQ(r.outcome, pm::outcome::forbidden) << shared;
        EXPECT_EQ(r.entity, stored);
    }
    for (const json& not_shared : {json(nullptr), json(false)}) {
        json stored = johnny_end_user();
        stored["shared"] = not_shared;
        EXPECT_EQ(pm::update_end_user(stored, user_request({{"name", "x"}}), at_later()).outcome,
                  pm::outcome::updated)
            << not_shared;
    }
}

TEST(HostileInput, ControlCharactersNeverReachTheUserRecord) {  // G12, E7, finding 5
    const std::string nul_email = std::string("victim@example.com") + '\0' + "x";
    for (const json& body :
         {json{{"email", nul_email}}, json{{"remote_photo_url", "https://a b\r\nHost: evil"}},
          json{{"remote_photo_url", "https://a\r\nHost: evil"}},
          json{{"name", std::string("Jo") + '\x07'}}}) {
        const auto r = pm::update_end_user(johnny_end_user(), user_request(body), at_later());
        EXPECT_EQ(r.outcome, pm::outcome::invalid) << body;
        EXPECT_TRUE(r.effects.empty());
    }
    for (const std::string& value : {std::string("a") + '\0' + "b", std::string("a\r\nb")}) {
        const auto r = pm::patch_profile_by_id(
            coolbikes_profile(),
            profile_request({{"identifiers", {{{"type", "sdk"}, {"value", value}}}}}), at_later());
        EXPECT_TRUE(has_error(r, pm::error_code::invalid_value, "/profile/identifiers/0/value"));
    }
    const auto type = pm::patch_profile_by_id(
        coolbikes_profile(),
        profile_request({{"identifiers", {{{"type", "s dk"}, {"value", "1"}}}}}), at_later());
    EXPECT_TRUE(has_error(type, pm::error_code::invalid_value, "/profile/identifiers/0/type"));
}

TEST(HostileInput, LookAlikesOfTheReservedSourceAreRefused) {  // Q5, G12, finding 6
    const json request = profile_request({{"identifiers", {{{"type", "sdk"}, {"value", "1"}}}}});
    for (const char* source :
         {"zendesk%20", "zendesk%E2%80%8B", "%EF%BB%BFzendesk", "zen%09desk"}) {
        const auto r = pm::put_profile_by_query(json(nullptr), std::string(source) + ":t:sdk:1",
                                                request, at_later());
        EXPECT_TRUE(has_unplaced_error(r, pm::error_code::invalid_identifier_query, "identifier"))
            << source;
    }
    for (const char* source : {"%EF%BC%BA%EF%BC%A5%EF%BC%AE%EF%BC%A4%EF%BC%A5%EF%BC%B3%EF%BC%AB",
                               "ZenDesk", "%EF%BD%9Aendesk"}) {
        const auto r = pm::put_profile_by_query(json(nullptr), std::string(source) + ":t:sdk:1",
                                                request, at_later());
        EXPECT_TRUE(has_unplaced_error(r, pm::error_code::reserved_source, "identifier")) << source;
    }
    EXPECT_FALSE(pm::is_reserved_source("zendesks"));
    EXPECT_FALSE(pm::is_reserved_source("zendes"));
}

TEST(HostileInput, AStoredEntityAHundredThousandDeepIsWalkedWithoutACrash) {  // G13, finding 7
    json stored = coolbikes_profile();
    stored["attributes"]["deep"] = nested_objects(100000);
    EXPECT_EQ(pm::etag(stored).size(), 18u);
    // The const& overload copies without recursion, and the result is written the same way.
    const auto r = pm::patch_profile_by_id(stored, profile_request({{"name", "x"}}), at_later());
    ASSERT_EQ(r.outcome, pm::outcome::updated);
    EXPECT_EQ(r.changes, (pm::change_list{{pm::change_op::replace, "/name"}}));
    std::string text;
    pm::append_json(text, r);
    EXPECT_GT(text.size(), 200000u);
    EXPECT_EQ(pm::to_json(r)["status"], 200);
    const auto refused =
        pm::patch_profile_by_id(stored, profile_request({{"name", 5}}), at_later());
    EXPECT_EQ(pm::etag(refused.entity), pm::etag(stored)) << "handed back whole";
    json handed_over = pm::detail::copy_json(stored);  // nlohmann's copy would recurse
    const auto put = pm::put_profile_by_id(std::move(handed_over), seed_body(), at_later());
    EXPECT_EQ(put.outcome, pm::outcome::replaced);
    EXPECT_EQ(put.entity["attributes"], json::object());
}

TEST(HostileInput, StoredMembersOfTheWrongTypeAreRefusedNotRepaired) {  // G13, finding 7
    json no_source = coolbikes_profile();
    no_source.erase("source");
    const auto by_id = pm::put_profile_by_id(no_source, seed_body(), at_later());
    EXPECT_EQ(by_id.outcome, pm::outcome::server_error);
    EXPECT_EQ(by_id.entity, no_source) << "never \"source\": \"\"";
    for (const auto& [member, value] : {std::pair<const char*, json>{"attributes", json::array()},
                                        {"name", json(5)},
                                        {"user_id", json::object()},
                                        {"user_id", json(81123613)},
                                        {"identifiers", json(1)}}) {
        json stored = coolbikes_profile();
        stored[member] = value;
        EXPECT_EQ(
            pm::patch_profile_by_id(stored, profile_request({{"name", "x"}}), at_later()).outcome,
            pm::outcome::server_error)
            << member;
    }
    json user = johnny_end_user();
    user["phone"] = 5;
    EXPECT_EQ(pm::update_end_user(user, user_request({{"name", "x"}}), at_later()).outcome,
              pm::outcome::server_error);
}

// G2: each byte of the fixed part, checked eight at a time, refuses what is not
// its shape (a digit's neighbours '/' and ':', a separator's), and the calendar holds.
TEST(HostileInput, TheServersTimeIsCheckedByteByByteAndByTheCalendar) {
    using pm::detail::is_rfc3339_utc;
    const std::string good = "2020-03-11T01:20:28Z";
    EXPECT_TRUE(is_rfc3339_utc(good));
    for (std::size_t at = 0; at < 19; ++at) {
        for (const char c : {'/', ':', ' ', 'T', '-', '\x80', '\0', 'Z'}) {
            std::string bad = good;
            if (bad[at] == c) {
                continue;
            }
            bad[at] = c;
            EXPECT_FALSE(is_rfc3339_utc(bad)) << at << " " << int{c};
        }
    }
    for (const char* now : {"2020-03-11T01:20:28", "2020-03-11T01:20:28.Z", "2020-03-11T01:20:28ZZ",
                            "2020-03-11 01:20:28Z", "2020-13-11T01:20:28Z", "2020-00-11T01:20:28Z",
                            "2020-04-31T01:20:28Z", "2019-02-29T01:20:28Z", "1900-02-29T01:20:28Z",
                            "2020-03-11T24:20:28Z", "2020-03-11T01:60:28Z", "2020-03-11T01:20:61Z",
                            "2020-03-00T01:20:28Z"}) {
        EXPECT_FALSE(is_rfc3339_utc(now)) << now;
    }
    for (const char* now :
         {"2000-02-29T23:59:60Z", "2020-12-31T00:00:00.5Z", "0000-01-01T00:00:00Z"}) {
        EXPECT_TRUE(is_rfc3339_utc(now)) << now;
    }
}

TEST(HostileInput, AProfileIsNeverCreatedWithAnEmptyIdOrABadTime) {  // G2, finding 8
    for (const pm::context& ctx :
         {pm::context{later, ""}, pm::context{"", "ID"}, pm::context{"garbage", "ID"},
          pm::context{"2021-02-29T00:00:00Z", "ID"}, pm::context{"2020-03-11t01:20:28z", "ID"},
          pm::context{later, "I\nD"}}) {
        const auto r = pm::put_profile_by_query(json(nullptr), jdoe_query, seed_body(), ctx);
        EXPECT_EQ(r.outcome, pm::outcome::server_error) << ctx.now << " " << ctx.new_id;
        EXPECT_EQ(r.status(), 500);
        EXPECT_TRUE(has_unplaced_error(r, pm::error_code::invalid_context));
        EXPECT_TRUE(r.entity.is_null());
    }
    for (const char* now : {"2020-02-29T23:59:60Z", "2020-03-11T01:20:28.123456Z"}) {
        EXPECT_EQ(
            pm::put_profile_by_query(json(nullptr), jdoe_query, seed_body(), {now, "ID"}).outcome,
            pm::outcome::created)
            << now;
    }
}
