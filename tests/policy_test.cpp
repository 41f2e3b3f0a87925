// Policies (PL1-PL10): loading a document, and what each rule does to PATCH and PUT.
#include "support.hpp"

#include <profile_merge/testing/conformance.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace test_support;

namespace {

json policy_document(json members) {
    json doc = {{"policy", 1}, {"entity", "profile"}};
    doc.update(members);
    return doc;
}

pm::policy policy_of(json members) {
    return pm::load_policy(policy_document(std::move(members)));
}

// Every problem load_policy reports for `document` (none when it loads).
std::vector<pm::policy_problem> problems_of(const json& document) {
    try {
        (void)pm::load_policy(document);
    } catch (const pm::policy_error& e) {
        return e.errors();
    }
    return {};
}

bool has_problem_at(const std::vector<pm::policy_problem>& problems, std::string_view pointer) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const pm::policy_problem& p) { return p.pointer == pointer; });
}

pm::operation_result patch_under(const pm::policy& policy, const json& stored, json attributes,
                                 bool trusted = false,
                                 pm::read_only_policy read_only = pm::read_only_policy::ignore) {
    pm::patch_options options;
    options.policy = policy;
    options.trusted = trusted;
    options.read_only = read_only;
    return pm::patch_profile_by_id(stored, profile_request({{"attributes", std::move(attributes)}}),
                                   at_later(), options);
}

json with_attributes(json attributes) {
    json stored = coolbikes_profile();
    stored["attributes"] = std::move(attributes);
    return stored;
}

bool has_change(const pm::operation_result& r, pm::change_op op, std::string_view path) {
    return std::any_of(r.changes.begin(), r.changes.end(),
                       [&](const pm::change& c) { return c.op == op && c.path == path; });
}

}  // namespace

// ---- PL1: loading ----

TEST(Policy, TheMinimalDocumentLoadsAndIsTheDefault) {  // PL1, PL8
    const pm::policy loaded = pm::load_policy({{"policy", 1}, {"entity", "profile"}});
    EXPECT_FALSE(loaded.has_attribute_rules());
    EXPECT_EQ(pm::policy().document(), json({{"policy", 1}, {"entity", "profile"}}));
}

TEST(Policy, EveryProblemOfTheDocumentIsReportedWithItsPointer) {  // PL1
    const json document = {
        {"policy", 2},
        {"limits", {{"identifiers", -1}, {"colour", 3}}},
        {"fields", {{"id", "writable"}, {"name", "privileged"}}},
        {"identifier_types", {{"crm_id", {{"normalize", {"rot13"}}, {"name_rank", 0}}}}},
        {"custom_identifier_types", "maybe"},
        {"attributes",
         {{"", {{"merge", "replace"}}},
          {"tags", {{"merge", "union"}}},
          {"/a", {{"merge", "sideways"}, {"colour", 1}}},
          {"/b", {{"key", "kind"}}},
          {"/c", {{"merge", "union_by_key"}}},
          {"/d", {{"merge", "increment"}, {"type", "string"}}}}},
        {"unknown_attributes", "sometimes"},
        {"extra", true}};
    const auto problems = problems_of(document);
    for (const char* pointer :
         {"/policy", "/entity", "/limits/identifiers", "/limits/colour", "/fields/id",
          "/fields/name", "/identifier_types/crm_id/normalize/0",
          "/identifier_types/crm_id/name_rank", "/custom_identifier_types", "/attributes/",
          "/attributes/tags", "/attributes/~1a/merge", "/attributes/~1a/colour",
          "/attributes/~1b/key", "/attributes/~1c/key", "/attributes/~1d/type",
          "/unknown_attributes", "/extra"}) {
        EXPECT_TRUE(has_problem_at(problems, pointer)) << pointer;
    }
    try {
        (void)pm::load_policy(document);
        FAIL() << "loaded";
    } catch (const std::invalid_argument& e) {  // policy_error is one
        EXPECT_NE(std::string(e.what()).find("/extra"), std::string::npos);
    }
}

TEST(Policy, AnyJsonValueGivesAPolicyOrAPolicyError) {  // PL1
    for (const json& document :
         {json(), json(1), json("policy"), json::array(), json::object(),
          json({{"policy", 1.0}, {"entity", "profile"}}), json({{"policy", "1"}}),
          policy_document({{"attributes", {{"/x", nullptr}}}}),
          policy_document({{"attributes", {{"/x", {{"type", json::array()}}}}}}),
          policy_document({{"identifier_types", {{"", json::object()}}}}),
          policy_document({{"identifier_types", {{"x", {{"name", "{nope}"}}}}}}),
          policy_document({{"limits", {{"identifiers", 1.5}}}})}) {
        EXPECT_FALSE(problems_of(document).empty()) << document.dump();
    }
}

TEST(Policy, APathBelowAMemberThatIsNotMergedDeepIsRefused) {  // PL1
    const auto literal = problems_of(policy_document(
        {{"attributes", {{"/prefs", {{"merge", "replace"}}}, {"/*/x", {{"type", "string"}}}}}}));
    EXPECT_TRUE(has_problem_at(literal, "/attributes/~1*~1x"));
    const auto wildcard = problems_of(policy_document(
        {{"attributes", {{"/*", {{"merge", "union"}}}, {"/prefs/x", {{"null", "store"}}}}}}));
    EXPECT_TRUE(has_problem_at(wildcard, "/attributes/~1prefs~1x"));
    EXPECT_TRUE(problems_of(policy_document({{"attributes",
                                              {{"/prefs", {{"merge", "deep"}}},
                                               {"/prefs/x", {{"merge", "replace"}}}}}}))
                    .empty());
}

TEST(Policy, ALargePolicyLoadsAndEachOperationReadsItWithoutLosingItsPlace) {  // PL1
    json attributes = json::object();
    for (int i = 0; i < 10000; ++i) {
        attributes["/a" + std::to_string(i) + "/b"] = {{"type", "integer"}};
    }
    const pm::policy policy = policy_of({{"attributes", attributes}});
    const auto r = patch_under(policy, coolbikes_profile(), {{"a9999", {{"b", "x"}}}});
    EXPECT_TRUE(has_error(r, pm::error_code::invalid_type, "/profile/attributes/a9999/b"));
    EXPECT_EQ(patch_under(policy, coolbikes_profile(), {{"a5000", {{"b", 7}}}}).outcome,
              pm::outcome::updated);
}

TEST(Policy, EachPropertyComesFromTheMostSpecificPathThatGivesIt) {  // PL1
    const pm::policy policy =
        policy_of({{"attributes",
                    {{"/prefs/*", {{"null", "store"}, {"type", "string"}}},
                     {"/prefs/theme", {{"type", json::array({"string", "integer"})}}},
                     {"/*/font", {{"mutability", "server_managed"}}},
                     {"/*/size", {{"type", "integer"}}}}}});
    const json stored = with_attributes({{"prefs", {{"theme", "dark"}, {"font", "x"}}}});
    // theme's type from its literal path; font's mutability from the only path giving it
    const auto r = patch_under(policy, stored, {{"prefs", {{"theme", 3}, {"font", "y"}}}});
    EXPECT_EQ(r.entity["attributes"]["prefs"], json({{"theme", 3}, {"font", "x"}}));
    EXPECT_TRUE(has_ignored(r, "/profile/attributes/prefs/font", pm::ignore_reason::read_only));
    // at the first difference a literal beats `*`: /prefs/* gives size its type
    EXPECT_TRUE(has_error(patch_under(policy, stored, {{"prefs", {{"size", 4}}}}),
                          pm::error_code::invalid_type, "/profile/attributes/prefs/size"));
    // null from the wildcard beside the literal path that gives none
    const auto null = patch_under(policy, stored, {{"prefs", {{"theme", nullptr}}}});
    EXPECT_EQ(null.entity["attributes"]["prefs"], json({{"theme", nullptr}, {"font", "x"}}));
}

TEST(Policy, APathNeverMatchesInsideAnArray) {  // PL1
    const pm::policy policy =
        policy_of({{"attributes", {{"/list/*", {{"mutability", "server_managed"}}}}}});
    const auto r = patch_under(policy, coolbikes_profile(), {{"list", {{{"a", 1}}}}});
    EXPECT_EQ(r.entity["attributes"]["list"], json::array({{{"a", 1}}}));
    EXPECT_TRUE(r.ignored.empty());
}

TEST(Policy, APolicyIsAValueThatThreadsShare) {  // PL1
    pm::policy copy;
    {
        const pm::policy original =
            policy_of({{"attributes", {{"/visits", {{"merge", "increment"}}}}}});
        copy = original;
    }
    std::vector<std::thread> threads;
    std::vector<json> results(4);
    for (std::size_t t = 0; t < results.size(); ++t) {
        threads.emplace_back([&, t] {
            results[t] =
                patch_under(copy, with_attributes({{"visits", 1}}), {{"visits", 2}}).entity;
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (const json& entity : results) {
        EXPECT_EQ(entity["attributes"]["visits"], 3);
    }
}

// ---- PL2: mutability ----

TEST(Policy, AServerManagedAttributeIsIgnoredOrRefusedButAnEchoIsNeverAnError) {  // PL2, G6
    const pm::policy policy =
        policy_of({{"attributes", {{"/tier", {{"mutability", "server_managed"}}}}}});
    const json stored = with_attributes({{"tier", "gold"}});
    const auto ignored = patch_under(policy, stored, {{"tier", "platinum"}});
    EXPECT_EQ(ignored.outcome, pm::outcome::unchanged);
    EXPECT_TRUE(has_ignored(ignored, "/profile/attributes/tier", pm::ignore_reason::read_only));
    const auto refused =
        patch_under(policy, stored, {{"tier", "platinum"}}, false, pm::read_only_policy::reject);
    EXPECT_TRUE(has_error(refused, pm::error_code::read_only_field, "/profile/attributes/tier"));
    const auto echo =
        patch_under(policy, stored, {{"tier", "gold"}}, false, pm::read_only_policy::reject);
    EXPECT_EQ(echo.outcome, pm::outcome::unchanged);
    const auto trusted = patch_under(policy, stored, {{"tier", "platinum"}}, true);
    EXPECT_EQ(trusted.entity["attributes"]["tier"], "platinum");
}

TEST(Policy, AWriteOnceAttributeIsWrittenOnceAsAWhole) {  // PL2
    const pm::policy policy =
        policy_of({{"attributes", {{"/first_seen", {{"mutability", "write_once"}}}}}});
    const auto set = patch_under(policy, coolbikes_profile(), {{"first_seen", {{"day", 1}}}});
    EXPECT_EQ(set.entity["attributes"]["first_seen"], json({{"day", 1}}));
    const auto again = patch_under(policy, set.entity, {{"first_seen", {{"month", 2}}}});
    EXPECT_EQ(again.outcome, pm::outcome::unchanged);
    EXPECT_TRUE(
        has_ignored(again, "/profile/attributes/first_seen", pm::ignore_reason::write_once));
    const auto null_present =
        patch_under(policy, with_attributes({{"first_seen", nullptr}}), {{"first_seen", "2020"}});
    EXPECT_EQ(null_present.outcome, pm::outcome::unchanged);  // present, null included
}

TEST(Policy, AProtectedMemberSurvivesItsAncestors) {  // PL2
    const pm::policy policy =
        policy_of({{"attributes", {{"/account/tier", {{"mutability", "server_managed"}}}}}});
    const json stored = with_attributes({{"account", {{"tier", "gold"}, {"plan", "basic"}}}});
    const auto cleared = pm::patch_profile_by_id(stored, profile_request({{"attributes", nullptr}}),
                                                 at_later(), [&] {
                                                     pm::patch_options o;
                                                     o.policy = policy;
                                                     return o;
                                                 }());
    EXPECT_EQ(cleared.entity["attributes"], json({{"account", {{"tier", "gold"}}}}));
    EXPECT_TRUE(has_change(cleared, pm::change_op::replace, "/attributes"));
    const auto null = patch_under(policy, stored, {{"account", nullptr}});
    EXPECT_EQ(null.entity["attributes"]["account"], json({{"tier", "gold"}}));
    EXPECT_TRUE(has_change(null, pm::change_op::replace, "/attributes/account"));
    const auto scalar = patch_under(policy, stored, {{"account", "none"}});
    EXPECT_EQ(scalar.outcome, pm::outcome::unchanged);
    EXPECT_TRUE(has_ignored(scalar, "/profile/attributes/account", pm::ignore_reason::read_only));
}

TEST(Policy, MutabilityIsDecidedBeforeTheType) {  // PL2, PL5
    const pm::policy policy = policy_of(
        {{"attributes", {{"/tier", {{"mutability", "server_managed"}, {"type", "string"}}}}}});
    const auto r = patch_under(policy, with_attributes({{"tier", "gold"}}), {{"tier", 7}});
    EXPECT_TRUE(r.errors.empty());
    EXPECT_TRUE(has_ignored(r, "/profile/attributes/tier", pm::ignore_reason::read_only));
}

// ---- PL3: merge ----

TEST(Policy, AUnionAppendsWhatTheStoredArrayLacksInRequestOrder) {  // PL3, R1
    const pm::policy policy = policy_of({{"attributes", {{"/tags", {{"merge", "union"}}}}}});
    const auto r = patch_under(policy, with_attributes({{"tags", {"a", {{"x", 1}, {"y", 2}}}}}),
                               {{"tags", {{{"y", 2}, {"x", 1}}, "c", "a", "c", "b"}}});
    EXPECT_EQ(r.entity["attributes"]["tags"], json({"a", {{"x", 1}, {"y", 2}}, "c", "b"}));
    EXPECT_EQ(r.changes, (pm::change_list{{pm::change_op::append, "/attributes/tags/2"},
                                          {pm::change_op::append, "/attributes/tags/3"}}));
    const auto again = patch_under(policy, r.entity, {{"tags", {"b", "c"}}});
    EXPECT_EQ(again.outcome, pm::outcome::unchanged);
}

TEST(Policy, AUnionByKeyMergesMatchesAndAppendsTheRest) {  // PL3
    const pm::policy policy =
        policy_of({{"attributes", {{"/addresses", {{"merge", "union_by_key"}, {"key", "kind"}}}}}});
    const json stored = with_attributes(
        {{"addresses",
          {{{"kind", "home"}, {"city", "Paris"}, {"zip", "75001"}}, {{"note", "x"}}}}});
    const auto r = patch_under(policy, stored,
                               {{"addresses",
                                 {{{"kind", "home"}, {"city", "Lyon"}, {"zip", nullptr}},
                                  {{"kind", "work"}, {"city", "Nice"}, {"floor", nullptr}},
                                  {{"kind", "work"}, {"floor", 3}}}}});
    EXPECT_EQ(r.entity["attributes"]["addresses"],
              json({{{"kind", "home"}, {"city", "Lyon"}},
                    {{"note", "x"}},
                    {{"kind", "work"}, {"city", "Nice"}, {"floor", 3}}}));
    EXPECT_TRUE(has_change(r, pm::change_op::replace, "/attributes/addresses/0/city"));
    EXPECT_TRUE(has_change(r, pm::change_op::remove, "/attributes/addresses/0/zip"));
    EXPECT_TRUE(has_change(r, pm::change_op::append, "/attributes/addresses/2"));
    const auto appended = patch_under(
        policy, stored,
        {{"addresses", {{{"kind", "po box"}, {"box", {{"n", 1}, {"floor", nullptr}}}}}}});
    EXPECT_EQ(appended.entity["attributes"]["addresses"][2],
              json({{"kind", "po box"}, {"box", {{"n", 1}}}}));  // its nulls dropped at every depth
}

TEST(Policy, AnIncrementSumsExactlyAndRefusesWhatNoNumberHolds) {  // PL3
    const pm::policy policy = policy_of({{"attributes", {{"/visits", {{"merge", "increment"}}}}}});
    const auto big =
        patch_under(policy, with_attributes({{"visits", 9223372036854775807LL}}), {{"visits", 1}});
    EXPECT_EQ(big.entity["attributes"]["visits"].dump(), "9223372036854775808");
    const auto negative = patch_under(policy, with_attributes({{"visits", 1}}), {{"visits", -3}});
    EXPECT_EQ(negative.entity["attributes"]["visits"].dump(), "-2");
    const auto lowest = patch_under(policy, with_attributes({{"visits", -9223372036854775807LL}}),
                                    {{"visits", -1}});
    EXPECT_EQ(lowest.entity["attributes"]["visits"].dump(), "-9223372036854775808");
    EXPECT_TRUE(has_error(patch_under(policy, lowest.entity, {{"visits", -1}}),
                          pm::error_code::invalid_value, "/profile/attributes/visits"));
    EXPECT_TRUE(
        has_error(patch_under(policy, with_attributes({{"visits", 18446744073709551615ULL}}),
                              {{"visits", 1}}),
                  pm::error_code::invalid_value, "/profile/attributes/visits"));
    const auto absent = patch_under(policy, coolbikes_profile(), {{"visits", 2.5}});
    EXPECT_EQ(absent.entity["attributes"]["visits"], 2.5);
    EXPECT_TRUE(has_change(absent, pm::change_op::add, "/attributes/visits"));
    EXPECT_TRUE(has_error(patch_under(policy, with_attributes({{"visits", "3"}}), {{"visits", 1}}),
                          pm::error_code::invalid_value, "/profile/attributes/visits"));
    EXPECT_TRUE(has_error(patch_under(policy, coolbikes_profile(), {{"visits", "1"}}),
                          pm::error_code::invalid_type, "/profile/attributes/visits"));
}

TEST(Policy, AReplaceWritesTheValueWholeWithoutItsNulls) {  // PL3
    const pm::policy policy = policy_of({{"attributes", {{"/consent", {{"merge", "replace"}}}}}});
    const auto r =
        patch_under(policy, with_attributes({{"consent", {{"email", true}, {"sms", true}}}}),
                    {{"consent", {{"email", false}, {"post", nullptr}}}});
    EXPECT_EQ(r.entity["attributes"]["consent"], json({{"email", false}}));
    EXPECT_EQ(r.changes, (pm::change_list{{pm::change_op::replace, "/attributes/consent"}}));
}

// ---- PL4, PL5 ----

TEST(Policy, NullIsRefusedOrStoredAtThePathItself) {  // PL4
    const pm::policy policy = policy_of(
        {{"attributes", {{"/opt_in", {{"null", "reject"}}}, {"/prefs", {{"null", "store"}}}}}});
    const json stored = with_attributes({{"opt_in", true}, {"prefs", {{"a", 1}}}});
    EXPECT_TRUE(has_error(patch_under(policy, stored, {{"opt_in", nullptr}}),
                          pm::error_code::invalid_value, "/profile/attributes/opt_in"));
    const auto stored_null = patch_under(policy, stored, {{"prefs", nullptr}});
    EXPECT_TRUE(stored_null.entity["attributes"]["prefs"].is_null());
    EXPECT_TRUE(stored_null.entity["attributes"].contains("prefs"));
    // prefs' members inherit `store`; removing opt_in with its ancestor is no refusal
    const auto inherited = patch_under(policy, stored, {{"prefs", {{"a", nullptr}}}});
    EXPECT_EQ(inherited.entity["attributes"]["prefs"], json({{"a", nullptr}}));
}

TEST(Policy, TypesAndUnknownAttributesAreCheckedWithEveryOtherError) {  // PL5, G8
    const pm::policy policy = policy_of(
        {{"attributes", {{"/age", {{"type", "integer"}}}, {"/score", {{"type", "number"}}}}},
         {"unknown_attributes", "reject"}});
    const auto r = patch_under(policy, coolbikes_profile(),
                               {{"age", 1.0}, {"score", 2}, {"mystery", 1}, {"other", nullptr}});
    EXPECT_TRUE(has_error(r, pm::error_code::invalid_type, "/profile/attributes/age"));
    EXPECT_TRUE(has_error(r, pm::error_code::unknown_attribute, "/profile/attributes/mystery"));
    EXPECT_TRUE(has_error(r, pm::error_code::unknown_attribute, "/profile/attributes/other"));
    EXPECT_EQ(r.errors.size(), 3u);
    EXPECT_EQ(r.entity, coolbikes_profile());  // G3
    const pm::policy ignoring = policy_of({{"unknown_attributes", "ignore"}});
    const auto ignored = patch_under(ignoring, coolbikes_profile(), {{"mystery", 1}});
    EXPECT_TRUE(
        has_ignored(ignored, "/profile/attributes/mystery", pm::ignore_reason::unknown_field));
    EXPECT_EQ(ignored.outcome, pm::outcome::unchanged);
}

// ---- PL6: identifier types ----

TEST(Policy, DeclaredIdentifierTypesNormaliseNameAndGiveTheirEffects) {  // PL6, NM1, P5
    const pm::policy policy = policy_of({{"identifier_types",
                                          {{"crm_id",
                                            {{"normalize", {"trim", "ascii_upper"}},
                                             {"effect", "none"},
                                             {"name", "Customer {value} ({type})"},
                                             {"name_rank", 1}}},
                                           {"phone_number", {{"normalize", {"e164"}}}},
                                           {"loyalty", {{"effect", "identity"}}},
                                           {"twitter", {{"effect", "none"}}}}}});
    pm::patch_options options;
    options.policy = policy;
    json stored = coolbikes_profile();
    stored.erase("name");
    stored["identifiers"] = json::array();
    const auto r = pm::patch_profile_by_id(
        stored,
        profile_request({{"identifiers",
                          {{{"type", "crm_id"}, {"value", "\u2003ab-12 "}},
                           {{"type", "phone_number"}, {"value", "+1 (555) 123-4567"}}}}}),
        at_later(), options);
    ASSERT_TRUE(r.ok()) << r.errors.size();
    EXPECT_EQ(r.entity["identifiers"][0], json({{"type", "crm_id"}, {"value", "AB-12"}}));
    EXPECT_EQ(r.entity["identifiers"][1]["value"], "+15551234567");
    EXPECT_EQ(r.entity["name"], "Customer AB-12 (crm_id)");
    EXPECT_EQ(effects_json(r).size(), 1u);  // the phone's identity; crm_id gives none
    const auto declared =
        pm::patch_profile_by_id(stored,
                                profile_request({{"identifiers",
                                                  {{{"type", "loyalty"}, {"value", "L-1"}},
                                                   {{"type", "twitter"}, {"value", "jdoe"}}}}}),
                                at_later(), options);
    EXPECT_EQ(
        effects_json(declared),
        json::array({{{"kind", "add_user_identity"}, {"type", "loyalty"}, {"value", "L-1"}}}));
    const auto bad = pm::patch_profile_by_id(
        stored, profile_request({{"identifiers", {{{"type", "phone_number"}, {"value", "0411"}}}}}),
        at_later(), options);
    EXPECT_TRUE(has_error(bad, pm::error_code::invalid_value, "/profile/identifiers/0/value"));
    // Q4: a query finds what the PATCH stored, whatever spelling it uses
    const auto found =
        pm::patch_profile_by_query(r.entity, "coolbikes:rider:crm_id:ab-12",
                                   profile_request({{"name", "x"}}), at_later(), options);
    EXPECT_EQ(found.outcome, pm::outcome::updated);
    EXPECT_EQ(
        pm::lookup_key(parsed_query("coolbikes:rider:crm_id: ab-12"), policy).identifier_value,
        "AB-12");
}

TEST(Policy, UndeclaredCustomTypesCanBeRefused) {  // PL6
    pm::patch_options options;
    options.policy = policy_of({{"custom_identifier_types", "reject"}});
    const auto r = pm::patch_profile_by_id(
        coolbikes_profile(),
        profile_request(
            {{"identifiers",
              {{{"type", "member_id"}, {"value", "7"}}, {{"type", "twitter"}, {"value", "x"}}}}}),
        at_later(), options);
    EXPECT_TRUE(has_error(r, pm::error_code::invalid_value, "/profile/identifiers/0/type"));
    EXPECT_EQ(r.errors.size(), 1u);
    const auto query =
        pm::patch_profile_by_query(coolbikes_profile(), "coolbikes:rider:member_id:7",
                                   profile_request({{"name", "x"}}), at_later(), options);
    EXPECT_TRUE(has_unplaced_error(query, pm::error_code::invalid_identifier_query, "identifier"));
}

// ---- PL7, PL9, PL10 ----

TEST(Policy, APutKeepsProtectedMembersAndTakesEverythingElseAsSent) {  // PL7
    pm::put_options options;
    options.policy = policy_of({{"attributes",
                                 {{"/tier", {{"mutability", "server_managed"}}},
                                  {"/first_seen", {{"mutability", "write_once"}}},
                                  {"/visits", {{"merge", "increment"}}}}}});
    const json stored = with_attributes({{"tier", "gold"}, {"visits", 3}, {"color", "red"}});
    const auto r = pm::put_profile_by_query(
        stored, jdoe_query,
        profile_request({{"attributes", {{"tier", "none"}, {"visits", 1}, {"first_seen", "d"}}},
                         {"identifiers", {{{"type", "email"}, {"value", "jdoe@example.com"}}}}}),
        at_later(), options);
    EXPECT_EQ(r.entity["attributes"], json({{"tier", "gold"}, {"visits", 1}, {"first_seen", "d"}}));
    EXPECT_TRUE(has_ignored(r, "/profile/attributes/tier", pm::ignore_reason::read_only));
    const auto lacking = pm::put_profile_by_query(
        stored, jdoe_query,
        profile_request({{"attributes", {{"color", "blue"}}},
                         {"identifiers", {{{"type", "email"}, {"value", "jdoe@example.com"}}}}}),
        at_later(), options);
    EXPECT_EQ(lacking.entity["attributes"], json({{"tier", "gold"}, {"color", "blue"}}));
    options.trusted = true;
    const auto trusted = pm::put_profile_by_query(
        stored, jdoe_query,
        profile_request({{"identifiers", {{{"type", "email"}, {"value", "jdoe@example.com"}}}}}),
        at_later(), options);
    EXPECT_EQ(trusted.entity["attributes"], json::object());
}

TEST(Policy, LimitsAndFieldsOfThePolicyOverrideTheOptions) {  // PL9, PL10
    pm::patch_options options;
    options.policy = policy_of({{"limits", {{"identifiers", 2}, {"attribute_depth", 2}}},
                                {"fields", {{"name", "read_only"}}}});
    const auto r = pm::patch_profile_by_id(
        coolbikes_profile(),
        profile_request({{"name", "New"},
                         {"attributes", {{"deep", {{"er", {{"est", 1}}}}}}},
                         {"identifiers",
                          {{{"type", "email"}, {"value", "a@example.com"}},
                           {{"type", "email"}, {"value", "b@example.com"}}}}}),
        at_later(), options);
    EXPECT_TRUE(has_error(r, pm::error_code::limit_exceeded, "/profile/identifiers"));
    EXPECT_TRUE(has_error(r, pm::error_code::limit_exceeded, "/profile/attributes/deep/er"));
    EXPECT_TRUE(has_ignored(r, "/profile/name", pm::ignore_reason::read_only));
    options.trusted = true;  // lifts fields, not limits
    const auto trusted = pm::patch_profile_by_id(
        coolbikes_profile(), profile_request({{"name", "New"}}), at_later(), options);
    EXPECT_EQ(trusted.entity["name"], "New");
}

// ---- PL8 ----

namespace {
json read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    return json::parse(in);
}
}  // namespace

TEST(Policy, TheShippedZendeskDocumentIsTheOneTheLibraryHolds) {  // PL8
    EXPECT_EQ(read_file(std::filesystem::path(PROFILE_MERGE_POLICY_DIR) / "zendesk.json"),
              json::parse(pm::zendesk_policy_text()));
    EXPECT_EQ(pm::zendesk_policy().document(), json::parse(pm::zendesk_policy_text()));
}

TEST(Policy, TheZendeskPolicyGivesExactlyWhatNoPolicyGivesOnEveryVector) {  // PL8
    std::size_t compared = 0;
    for (const auto& entry : std::filesystem::directory_iterator(PROFILE_MERGE_TEST_VECTOR_DIR)) {
        const json document = read_file(entry.path());
        for (const json& c : document["cases"]) {
            const std::string op = c["op"];
            if (c.contains("policy") ||
                (op != "patch_profile" && op != "put_profile" && op != "put_profile_by_id")) {
                continue;
            }
            const pm::operation_result plain = pm::run_entity_operation(c);
            const pm::operation_result zendesk = pm::run_entity_operation(c, pm::zendesk_policy());
            EXPECT_EQ(pm::to_json(plain), pm::to_json(zendesk)) << c["id"];
            ++compared;
        }
    }
    EXPECT_GE(compared, 40u);
}

// ---- PL5: the attributes schema ----

namespace {
// A policy whose schema bounds `visits`, or nullopt in a build without JSON Schema.
std::optional<pm::policy> schema_policy() {
    const json document = json::parse(R"({
        "policy": 1, "entity": "profile",
        "attributes": {"/visits": {"merge": "increment"}},
        "attributes_schema": {"type": "object", "properties": {
            "visits": {"minimum": 0}, "tier": {"enum": ["gold"]}}}})");
    try {
        return pm::load_policy(document);
    } catch (const pm::policy_error& e) {
        EXPECT_NE(std::string(e.what()).find("valijson"), std::string::npos) << e.what();
        return std::nullopt;
    }
}
}  // namespace

TEST(Policy, TheSchemaJudgesTheResultAndAFailedOneChangesNothing) {  // PL5, G3
    const auto policy = schema_policy();
    if (!policy) {
        GTEST_SKIP() << "built without JSON Schema support (valijson)";
    }
    const json stored = with_attributes({{"visits", 3}});
    const auto r = patch_under(*policy, stored, {{"visits", -5}});
    EXPECT_TRUE(has_error(r, pm::error_code::schema_violation, "/profile/attributes/visits"));
    EXPECT_EQ(r.entity, stored);
    pm::patch_options options;
    options.policy = *policy;
    json moved = stored;
    const auto by_rvalue = pm::patch_profile_by_id(
        std::move(moved), profile_request({{"attributes", {{"visits", -5}}}}), at_later(), options);
    EXPECT_EQ(by_rvalue.entity, stored);
    EXPECT_EQ(patch_under(*policy, stored, {{"visits", 1}}).entity["attributes"]["visits"], 4);
}

TEST(Policy, AStoredViolationIsReportedAtTheAttributesUntilTheWriteRepairsIt) {  // PL5
    const auto policy = schema_policy();
    if (!policy) {
        GTEST_SKIP() << "built without JSON Schema support (valijson)";
    }
    const json stored = with_attributes({{"tier", "tin"}});
    EXPECT_TRUE(has_error(patch_under(*policy, stored, {{"color", "red"}}),
                          pm::error_code::schema_violation, "/profile/attributes"));
    EXPECT_EQ(patch_under(*policy, stored, {{"tier", "gold"}}).outcome, pm::outcome::updated);
    // only without another error: a type error is the one reported
    const pm::policy typed = pm::load_policy(json::parse(R"({
        "policy": 1, "entity": "profile",
        "attributes": {"/tier": {"type": "string"}},
        "attributes_schema": {"properties": {"tier": {"enum": ["gold"]}}}})"));
    const auto r = patch_under(typed, stored, {{"tier", 1}});
    EXPECT_TRUE(has_error(r, pm::error_code::invalid_type, "/profile/attributes/tier"));
    EXPECT_EQ(r.errors.size(), 1u);
}

TEST(Policy, ASchemaThatCouldLoopOrRecursePerCharacterIsRefused) {  // PL1, PL5
    if (!schema_policy()) {
        GTEST_SKIP() << "built without JSON Schema support (valijson)";
    }
    for (const char* schema :
         {R"({"$ref": "#"})", R"({"properties": {"a": {"$ref": "#"}}})",
          R"({"pattern": "(a|a)*b"})", R"({"patternProperties": {"x": {}}})"}) {
        EXPECT_TRUE(has_problem_at(
            problems_of(policy_document({{"attributes_schema", json::parse(schema)}})),
            "/attributes_schema"))
            << schema;
    }
    // names of properties are not keywords
    EXPECT_TRUE(problems_of(policy_document(
                                {{"attributes_schema",
                                  json::parse(R"({"properties": {"pattern": {}, "$ref": {}}})")}}))
                    .empty());
}

TEST(Policy, ASchemaThatIsNoJsonSchemaIsAProblemOfThePolicy) {  // PL1, PL5
    const auto problems =
        problems_of(policy_document({{"attributes_schema", {{"type", "no-such-type"}}}}));
    EXPECT_TRUE(has_problem_at(problems, "/attributes_schema"));
    EXPECT_TRUE(has_problem_at(problems_of(policy_document({{"attributes_schema", 3}})),
                               "/attributes_schema"));
}
