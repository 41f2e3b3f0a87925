// Hostile input (issue 7): each case ends in a clean result, never a crash, a hang,
// an exception or a stored entity that changed.
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
    const auto patched = pm::patch_profile(coolbikes_profile(), request, at_later());
    EXPECT_EQ(patched.outcome, pm::outcome::invalid);
    ASSERT_EQ(patched.errors.size(), 1u);
    EXPECT_EQ(patched.errors[0].code, pm::error_code::limit_exceeded);
    EXPECT_EQ(patched.entity, coolbikes_profile());

    json put_request = request_with_attributes(nested_objects(100000));
    put_request["profile"]["identifiers"] =
        json::parse(R"([{"type":"email","value":"jdoe@example.com"}])");
    const auto put = pm::put_profile(coolbikes_profile(), jdoe_query, put_request, at_later());
    EXPECT_TRUE(has_error(put, pm::error_code::limit_exceeded,
                          put.errors.empty() ? "" : put.errors[0].pointer.value_or("")));
    EXPECT_EQ(put.entity, coolbikes_profile());
}

TEST(HostileInput, OneMebibyteStringsAreLimitedWhereG9LimitsThem) {  // G9
    const std::string mebibyte(1 << 20, 'x');
    const auto attribute = pm::patch_profile(
        coolbikes_profile(), profile_request({{"attributes", {{"blob", mebibyte}}}}), at_later());
    EXPECT_EQ(attribute.outcome, pm::outcome::updated) << "attribute values have no length limit";
    EXPECT_EQ(attribute.entity["attributes"]["blob"].get_ref<const std::string&>().size(),
              mebibyte.size());
    const auto identifier = pm::patch_profile(
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
    const auto r =
        pm::patch_profile(coolbikes_profile(), request_with_attributes(attributes), at_later());
    ASSERT_EQ(r.outcome, pm::outcome::updated);
    EXPECT_EQ(r.entity["attributes"].size(), 100002u);
    EXPECT_EQ(r.changes.size(), 100000u);
}

TEST(HostileInput, IllFormedUtf8BuiltInMemoryIsAClearErrorNotAnException) {  // F1, G8
    const std::string bad = "\xC3\x28";
    const json request =
        profile_request({{"name", "ok"}, {"identifiers", {{{"type", "sdk"}, {"value", bad}}}}});
    pm::operation_result r;
    ASSERT_NO_THROW(r = pm::patch_profile(coolbikes_profile(), request, at_later()));
    EXPECT_TRUE(has_error(r, pm::error_code::invalid_value, "/profile/identifiers/0/value"));
    EXPECT_NO_THROW((void)pm::to_json(r).dump());
    EXPECT_NO_THROW((void)pm::error_body(r).dump());
    for (const json& hostile :
         {profile_request({{"name", bad}}), profile_request({{"attributes", {{bad, 1}}}}),
          profile_request({{"attributes", {{"k", {{"deeper", bad}}}}}})}) {
        const auto refused = pm::patch_profile(coolbikes_profile(), hostile, at_later());
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
        const auto r = pm::put_profile(
            json(nullptr), query,
            profile_request({{"identifiers", {{{"type", "sdk"}, {"value", "1"}}}}}), at_later());
        EXPECT_TRUE(has_unplaced_error(r, pm::error_code::invalid_identifier_query, "identifier")) << query;
    }
}
