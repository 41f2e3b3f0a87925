// Field tables as values: section F (profile_schema) and section E (end_user_schema),
// their defaults, the tables they refuse, and the operations following a changed one.
#include "support.hpp"

#include <stdexcept>
#include <utility>

using namespace test_support;

namespace {

std::vector<pm::profile_field> profile_rows() {
    const pm::profile_schema zendesk;
    return {zendesk.begin(), zendesk.end()};
}

// Whether building a table throws std::invalid_argument whose message has `why`.
template <class Build>
bool refused(Build build, const std::string& why) {
    try {
        build();
    } catch (const std::invalid_argument& e) {
        return std::string(e.what()).find(why) != std::string::npos;
    }
    return false;
}

pm::patch_options patch_with(const pm::profile_schema& schema) {
    pm::patch_options options;
    options.schema = schema;
    return options;
}

pm::put_options put_with(const pm::profile_schema& schema) {
    pm::put_options options;
    options.schema = schema;
    return options;
}

}  // namespace

TEST(ProfileSchema, TheDefaultIsSectionF) {  // F, P6
    const pm::profile_schema schema;
    ASSERT_EQ(schema.size(), pm::zendesk_profile_fields.size());
    std::vector<std::string_view> read_only;
    for (const pm::profile_field& field : schema) {
        EXPECT_EQ(field.name, pm::to_string(field.kind));
        if (field.access == pm::field_access::read_only) {
            read_only.push_back(field.name);
            EXPECT_TRUE(pm::is_server_managed(field.kind)) << field.name;
        }
    }
    EXPECT_EQ(read_only, (std::vector<std::string_view>{"id", "created_at", "updated_at", "source",
                                                        "type", "user_id"}));
    EXPECT_EQ(schema.find("attributes")->kind, pm::profile_field_kind::attributes);
    EXPECT_EQ(schema.find("identifiers")->access, pm::field_access::writable);
    EXPECT_EQ(schema.find("nickname"), nullptr);  // G5
    EXPECT_EQ(schema, pm::profile_schema(profile_rows()));
    EXPECT_EQ(pm::patch_options{}.schema, schema);
    EXPECT_EQ(pm::put_options{}.schema, schema);
}

TEST(ProfileSchema, RefusesTablesTheOtherRulesCannotFollow) {  // F
    auto missing = profile_rows();
    missing.pop_back();
    EXPECT_TRUE(refused([&] { pm::profile_schema{missing}; }, "\"identifiers\" has no row"));
    auto twice = profile_rows();
    twice.push_back(twice.front());
    EXPECT_TRUE(refused([&] { pm::profile_schema{twice}; }, "\"id\" has more than one row"));
    auto renamed = profile_rows();
    renamed[7].name = "traits";
    EXPECT_TRUE(refused([&] { pm::profile_schema{renamed}; },
                        "the attributes kind is the member \"attributes\", not \"traits\""));
    EXPECT_TRUE(refused(
        [] { (void)pm::profile_schema().with_access("source", pm::field_access::writable); },
        "\"source\" is managed by the server and cannot be writable"));
    EXPECT_TRUE(refused(
        [] { (void)pm::profile_schema().with_access("nickname", pm::field_access::read_only); },
        "no member \"nickname\""));
}

TEST(ProfileSchema, OwnsItsRowsPastTheStringsTheyWereBuiltFrom) {  // F
    std::vector<pm::profile_schema> kept;
    {
        std::vector<std::string> names;
        for (const auto& field : pm::zendesk_profile_fields) {
            names.emplace_back(field.name);  // heap text, gone at the end of this block
            names.back().reserve(64);
        }
        std::vector<pm::profile_field> rows;
        for (std::size_t i = 0; i < names.size(); ++i) {
            rows.push_back({names[i], pm::zendesk_profile_fields[i].access,
                            pm::zendesk_profile_fields[i].kind});
        }
        rows[6].access = pm::field_access::read_only;
        kept.emplace_back(rows);
    }
    pm::profile_schema copy = kept.front();
    const pm::profile_schema moved = std::move(kept.front());
    kept.clear();
    EXPECT_EQ(copy, moved);
    ASSERT_NE(copy.find("name"), nullptr);
    EXPECT_EQ(copy.find("name")->access, pm::field_access::read_only);
    EXPECT_NE(copy, pm::profile_schema());
}

TEST(ProfileSchema, AReadOnlyNameIsScreenedByPatchAndKeptByPut) {  // F, G6, NM1
    const auto schema = pm::profile_schema().with_access("name", pm::field_access::read_only);
    const json request = profile_request({{"name", "renamed"}, {"attributes", {{"tier", 2}}}});

    auto patched =
        pm::patch_profile_by_id(coolbikes_profile(), request, at_later(), patch_with(schema));
    ASSERT_EQ(patched.outcome, pm::outcome::updated);
    EXPECT_EQ(patched.entity["name"], "sunshine_user");
    EXPECT_EQ(patched.entity["attributes"]["tier"], 2);
    EXPECT_TRUE(has_ignored(patched, "/profile/name", pm::ignore_reason::read_only));

    auto rejecting = patch_with(schema);
    rejecting.read_only = pm::read_only_policy::reject;
    EXPECT_TRUE(
        has_error(pm::patch_profile_by_id(coolbikes_profile(), request, at_later(), rejecting),
                  pm::error_code::read_only_field, "/profile/name"));
    const json echo = profile_request({{"name", "sunshine_user"}});
    EXPECT_EQ(pm::patch_profile_by_id(coolbikes_profile(), echo, at_later(), rejecting).outcome,
              pm::outcome::unchanged);  // G6: an echo is never an error

    const json put_request =
        profile_request({{"name", "renamed"},
                         {"identifiers", {{{"type", "email"}, {"value", "jdoe@example.com"}}}}});
    auto replaced = pm::put_profile_by_query(coolbikes_profile(), jdoe_query, put_request,
                                             at_later(), put_with(schema));
    ASSERT_EQ(replaced.outcome, pm::outcome::replaced);
    EXPECT_EQ(replaced.entity["name"], "sunshine_user");
    EXPECT_TRUE(has_ignored(replaced, "/profile/name", pm::ignore_reason::read_only));

    auto created =
        pm::put_profile_by_query(nullptr, jdoe_query, put_request, at_later(), put_with(schema));
    ASSERT_EQ(created.outcome, pm::outcome::created);
    EXPECT_EQ(created.entity["name"], "jdoe@example.com");  // NM1 from the identifiers
}

TEST(ProfileSchema, PrivilegedAttributesAreNotWrittenAndPutKeepsThem) {  // F, G6
    const auto schema =
        pm::profile_schema().with_access("attributes", pm::field_access::privileged);
    const json request = profile_request({{"attributes", {{"saddle_height", "90cm"}}}});
    auto patched =
        pm::patch_profile_by_id(coolbikes_profile(), request, at_later(), patch_with(schema));
    EXPECT_EQ(patched.outcome, pm::outcome::unchanged);
    EXPECT_EQ(patched.entity, coolbikes_profile());
    EXPECT_TRUE(has_ignored(patched, "/profile/attributes", pm::ignore_reason::not_permitted));

    json put_body = request;
    put_body["profile"]["identifiers"] = {{{"type", "email"}, {"value", "jdoe@example.com"}}};
    auto replaced = pm::put_profile_by_query(coolbikes_profile(), jdoe_query, put_body, at_later(),
                                             put_with(schema));
    EXPECT_EQ(replaced.entity["attributes"], coolbikes_profile()["attributes"]);
    auto created =
        pm::put_profile_by_query(nullptr, jdoe_query, put_body, at_later(), put_with(schema));
    EXPECT_EQ(created.entity["attributes"], json::object());  // U2: a create starts with {}
}

TEST(ProfileSchema, ReadOnlyIdentifiersAreKeptAndOnlyTheQueryJoinsThem) {  // F, U2, U5, U8
    const auto schema =
        pm::profile_schema().with_access("identifiers", pm::field_access::read_only);
    const json sent = {{{"type", "phone"}, {"value", "+15551234567"}}};
    auto patched =
        pm::patch_profile_by_id(coolbikes_profile(), profile_request({{"identifiers", sent}}),
                                at_later(), patch_with(schema));
    EXPECT_EQ(patched.outcome, pm::outcome::unchanged);
    EXPECT_TRUE(patched.effects.empty());
    EXPECT_TRUE(has_ignored(patched, "/profile/identifiers", pm::ignore_reason::read_only));

    // U5 asks for identifiers only where the request may send them.
    const json put_request = profile_request({{"name", "Jo"}});
    auto replaced = pm::put_profile_by_query(coolbikes_profile(), jdoe_query, put_request,
                                             at_later(), put_with(schema));
    ASSERT_EQ(replaced.outcome, pm::outcome::replaced) << replaced.errors.size();
    EXPECT_EQ(replaced.entity["identifiers"], coolbikes_profile()["identifiers"]);
    EXPECT_TRUE(replaced.effects.empty());

    auto created = pm::put_profile_by_query(nullptr, "coolbikes:rider:phone:+15551234567",
                                            put_request, at_later(), put_with(schema));
    ASSERT_EQ(created.outcome, pm::outcome::created);
    EXPECT_EQ(created.entity["identifiers"], sent);  // U2: the query's identifier
    ASSERT_EQ(created.effects.size(), 1u);
    EXPECT_EQ(effects_json(created)[0]["kind"], "resolve_user");  // U3

    auto by_id =
        pm::put_profile_by_id(coolbikes_profile(), put_request, at_later(), put_with(schema));
    EXPECT_EQ(by_id.entity["identifiers"], coolbikes_profile()["identifiers"]);  // U6

    // U8 counts kept identifiers only when one joins them, as P7 does for PATCH.
    json crowded = coolbikes_profile();
    crowded["identifiers"].push_back({{"type", "phone"}, {"value", "+15551234567"}});
    auto few = put_with(schema);
    few.limits.max_identifiers = 1;
    EXPECT_EQ(pm::put_profile_by_id(crowded, put_request, at_later(), few).outcome,
              pm::outcome::replaced);
}

TEST(EndUserSchema, TheDefaultIsSectionE) {  // E2, E3
    const pm::end_user_schema schema;
    ASSERT_EQ(schema.size(), pm::zendesk_end_user_fields.size());
    EXPECT_EQ(schema.find("role")->access, pm::field_access::privileged);
    EXPECT_EQ(schema.find("phone")->kind, pm::end_user_field_kind::phone);
    EXPECT_EQ(pm::end_user_options{}.schema, schema);
}

TEST(EndUserSchema, RefusesAWritableMemberWithoutAKindAndTwoRowsOfOneName) {  // E
    const pm::end_user_schema zendesk;
    std::vector<pm::end_user_field> rows(zendesk.begin(), zendesk.end());
    rows.push_back({"nickname", pm::field_access::writable, pm::end_user_field_kind::none});
    EXPECT_TRUE(refused([&] { pm::end_user_schema{rows}; },
                        "\"nickname\" is writable, so it needs a kind"));
    rows.back() = {"phone", pm::field_access::writable, pm::end_user_field_kind::phone};
    EXPECT_TRUE(refused([&] { pm::end_user_schema{rows}; }, "\"phone\" has more than one row"));
    rows.back() = {"", pm::field_access::read_only, pm::end_user_field_kind::none};
    EXPECT_TRUE(refused([&] { pm::end_user_schema{rows}; }, "a row has no name"));
}

TEST(EndUserSchema, AddedDroppedAndLockedMembersAreFollowed) {  // E2-E7, G5
    const pm::end_user_schema zendesk;
    std::vector<pm::end_user_field> rows;
    for (const pm::end_user_field& field : zendesk) {
        if (field.name == "phone") {
            continue;  // dropped: unknown
        }
        rows.push_back(field);
        if (field.name == "organization_id") {
            rows.back().access = pm::field_access::privileged;
        }
    }
    rows.push_back({"nickname", pm::field_access::writable, pm::end_user_field_kind::name});
    pm::end_user_options options;
    options.schema = pm::end_user_schema(rows);

    const auto r = pm::update_end_user(
        johnny_end_user(),
        user_request({{"phone", "+4512345678"}, {"organization_id", 1}, {"nickname", "JJ"}}),
        at_later(), options);
    ASSERT_EQ(r.outcome, pm::outcome::updated);
    EXPECT_EQ(r.entity["nickname"], "JJ");
    EXPECT_EQ(r.entity["phone"], johnny_end_user()["phone"]);
    EXPECT_EQ(r.entity["organization_id"], 57542);
    EXPECT_TRUE(has_ignored(r, "/user/phone", pm::ignore_reason::unknown_field));
    EXPECT_TRUE(has_ignored(r, "/user/organization_id", pm::ignore_reason::not_permitted));
    EXPECT_TRUE(r.effects.empty());

    const auto blank = pm::update_end_user(johnny_end_user(), user_request({{"nickname", " "}}),
                                           at_later(), options);
    ASSERT_EQ(blank.errors.size(), 1u);
    EXPECT_EQ(blank.errors[0].code, pm::error_code::blank_value);
    EXPECT_EQ(blank.errors[0].message, "nickname cannot be blank.");  // E4, by its own name
}

TEST(FieldAccess, EachAccessHasItsWireName) {  // F, E
    for (const auto access :
         {pm::field_access::writable, pm::field_access::read_only, pm::field_access::privileged}) {
        EXPECT_EQ(pm::option_from_string<pm::field_access>(pm::to_string(access)), access);
    }
    EXPECT_EQ(pm::to_string(pm::field_access::read_only), "read_only");
    EXPECT_EQ(pm::option_from_string<pm::field_access>("owner"), std::nullopt);
}
