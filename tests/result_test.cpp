// The result type and the error bodies of G8.
#include "support.hpp"

using namespace test_support;

TEST(Result, ProfileErrorsRenderAsJsonApiErrors) {  // G8
    const auto r =
        pm::patch_profile(coolbikes_profile(), profile_request({{"name", 1}}), at_later());
    const json body = pm::error_body(r);
    ASSERT_EQ(body["errors"].size(), 1u);
    const json& e = body["errors"][0];
    EXPECT_EQ(e["code"], "invalid_type");
    EXPECT_EQ(e["title"], "Invalid Type");
    EXPECT_EQ(e["source"], json({{"pointer", "/profile/name"}}));
    EXPECT_NE(e["detail"].get<std::string>().find("name"), std::string::npos)
        << "messages name the field";
}

TEST(Result, QueryErrorsPointAtTheParameter) {  // G8
    const auto r = pm::put_profile(
        json(nullptr), "nope",
        profile_request({{"identifiers", {{{"type", "sdk"}, {"value", "1"}}}}}), at_later());
    EXPECT_EQ(pm::error_body(r)["errors"][0]["source"], json({{"parameter", "identifier"}}));
}

TEST(Result, EndUserRefusalsUseTheShortClassicShape) {  // G8, E9
    json shared = johnny_end_user();
    shared["shared"] = true;
    const auto r = pm::update_end_user(shared, user_request({{"name", "x"}}), at_later());
    const json body = pm::error_body(r);
    EXPECT_EQ(body["error"], "Forbidden");
    EXPECT_TRUE(body["description"].is_string());
    EXPECT_FALSE(body.contains("details"));
    const auto missing =
        pm::update_end_user(json(nullptr), user_request({{"name", "x"}}), at_later());
    EXPECT_EQ(pm::error_body(missing)["error"], "RecordNotFound");
}

TEST(Result, EnvelopeErrorsOfEndUsersAreKeyedAsBase) {  // E9
    const auto r = pm::update_end_user(johnny_end_user(), json{{"user", 1}}, at_later());
    EXPECT_TRUE(pm::error_body(r)["details"].contains("base"));
}

TEST(Result, ASuccessHasNoErrorBody) {
    EXPECT_TRUE(pm::error_body(pm::patch_profile(coolbikes_profile(),
                                                 profile_request(json::object()), at_later()))
                    .is_null());
}

TEST(Result, TheReportCarriesEveryPart) {  // R
    const auto r = pm::patch_profile(
        coolbikes_profile(),
        profile_request(
            {{"name", "N"}, {"x", 1}, {"identifiers", {{{"type", "sdk"}, {"value", "1"}}}}}),
        at_later());
    const json report = pm::to_json(r);
    EXPECT_EQ(report["outcome"], "updated");
    EXPECT_EQ(report["status"], 200);
    EXPECT_EQ(report["profile"], r.entity);
    EXPECT_EQ(report["effects"].size(), 1u);
    EXPECT_EQ(report["changes"],
              json::parse(
                  R"([{"op":"append","path":"/identifiers/1"},{"op":"replace","path":"/name"}])"));
    EXPECT_EQ(report["ignored"],
              json::parse(R"([{"pointer":"/profile/x","reason":"unknown_field"}])"));
    EXPECT_EQ(report["errors"], json::array());
}
