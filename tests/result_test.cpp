// The result type and the error bodies of G8.
#include "support.hpp"

using namespace test_support;

TEST(Result, ProfileErrorsRenderAsJsonApiErrors) {  // G8
    const auto r =
        pm::patch_profile_by_id(coolbikes_profile(), profile_request({{"name", 1}}), at_later());
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
    const auto r = pm::put_profile_by_query(
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
    EXPECT_TRUE(pm::error_body(pm::patch_profile_by_id(coolbikes_profile(),
                                                       profile_request(json::object()), at_later()))
                    .is_null());
}

TEST(Result, TheReportCarriesEveryPart) {  // R
    const auto r = pm::patch_profile_by_id(
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

namespace {
// What append_json must write: to_json(r) with the extra members set, dumped.
std::string dumped_with(const pm::operation_result& r, const json& extra) {
    json document = pm::to_json(r);
    for (const auto& [key, value] : extra.items())
        document[key] = value;
    return document.dump(-1, ' ', false, json::error_handler_t::replace);
}
}  // namespace

TEST(Result, AppendJsonWritesTheBytesDumpWritesWithoutBuildingTheDocument) {  // R
    const json extra = {{"id", "op-1"}, {"line", 7}, {"a", nullptr}, {"zz", {1, 2}}};
    const std::vector<pm::operation_result> results{
        pm::patch_profile_by_id(
            coolbikes_profile(),
            profile_request({{"name", "N"},
                             {"x", 1},
                             {"attributes", {{"k", "v"}}},
                             {"identifiers", {{{"type", "sdk"}, {"value", "1"}}}}}),
            at_later()),
        pm::patch_profile_by_id(coolbikes_profile(), profile_request({{"name", 5}}), at_later()),
        pm::patch_profile_by_id(nullptr, profile_request(json::object()), at_later()),
        pm::update_end_user(test_support::johnny_end_user(),
                            {{"user", {{"name", "J"}, {"role", "admin"}}}}, at_later()),
    };
    for (const auto& r : results) {
        for (const json& members : {json(nullptr), json::object(), extra}) {
            std::string out = "previous line\n";
            pm::append_json(out, r, members);
            EXPECT_EQ(out, "previous line\n" + dumped_with(r, members));
        }
    }
}

TEST(Result, AppendJsonEscapesStringsAsDumpDoes) {  // R
    pm::operation_result r;
    r.entity = {{"q\"uote", "back\\slash"}, {"ctl", std::string("a\x01\n\tb")}};
    for (const std::string& text :
         {std::string("/attributes/a\"b"), std::string("/attributes/c\\d"),
          std::string("/attributes/\x7f"), std::string("/attributes/caf\xc3\xa9"),
          std::string("/attributes/bad\xff\xfe"), std::string("\x1f")}) {
        r.changes.push_back({pm::change_op::add, text});
        r.ignored.push_back({text, pm::ignore_reason::unknown_field});
    }
    const json extra = {{std::string("e\xff"), std::string("\xc3")}};
    std::string out;
    pm::append_json(out, r, extra);
    EXPECT_EQ(out, dumped_with(r, extra));
}

TEST(Result, AnExtraMemberReplacesTheResultMemberOfItsName) {  // R
    const auto r =
        pm::patch_profile_by_id(coolbikes_profile(), profile_request({{"name", "N"}}), at_later());
    const json extra = {{"status", "overridden"}, {"profile", nullptr}};
    std::string out;
    pm::append_json(out, r, extra);
    EXPECT_EQ(out, dumped_with(r, extra));
    EXPECT_EQ(json::parse(out)["status"], "overridden");
}

TEST(Result, AppendJsonRejectsExtraMembersThatAreNotAnObject) {
    const auto r =
        pm::patch_profile_by_id(coolbikes_profile(), profile_request({{"name", "N"}}), at_later());
    std::string out = "kept";
    EXPECT_THROW(pm::append_json(out, r, json::array({1})), std::invalid_argument);
    EXPECT_EQ(out, "kept");
}

TEST(Result, AnErrorNotAboutTheBodyHasNoSourceInTheProfilesBody) {  // G8
    const auto missing =
        pm::patch_profile_by_id(json(nullptr), profile_request({{"name", "x"}}), at_later());
    const json body = pm::error_body(missing);
    ASSERT_EQ(body["errors"].size(), 1u);
    EXPECT_EQ(body["errors"][0]["code"], "not_found");
    EXPECT_FALSE(body["errors"][0].contains("source")) << body;
    EXPECT_FALSE(pm::to_json(missing)["errors"][0].contains("pointer"));
    const auto query = pm::patch_profile_by_query(coolbikes_profile(), "bad",
                                                  profile_request({{"name", "x"}}), at_later());
    EXPECT_EQ(pm::error_body(query)["errors"][0]["source"], json({{"parameter", "identifier"}}));
    const auto envelope = pm::patch_profile_by_id(coolbikes_profile(), json("text"), at_later());
    EXPECT_EQ(pm::error_body(envelope)["errors"][0]["source"], json({{"pointer", ""}}));
}
