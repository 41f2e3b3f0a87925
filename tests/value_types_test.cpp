// Values a user holds: contexts, results, changes, errors and effects own their data,
// so they stay valid when kept past the call, copied, moved, stored and returned
// (the sanitizer preset runs these under ASan).
#include "support.hpp"

#include <map>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

using namespace test_support;

namespace {

std::string clock_text() {  // a temporary, as a real clock gives
    return std::string("2020-03-11T") + "01:20:28Z";
}

pm::operation_result renamed(const char* name) {
    return pm::patch_profile_by_id(coolbikes_profile(), profile_request({{"name", name}}),
                                   pm::context{clock_text()});
}

std::vector<pm::change> changes_of(pm::operation_result r) {
    return {r.changes.begin(), r.changes.end()};
}

std::vector<pm::error> errors_of_a_bad_put() {
    const pm::operation_result r = pm::put_profile_by_query(
        json(nullptr), "coolbikes:rider:email:jdoe@example.com",
        profile_request({{"identifiers", "not an array"}, {"name", 7}}), at_later());
    return r.errors;
}

}  // namespace

TEST(ValueTypes, AContextBuiltFromTemporariesCanBeKept) {  // G2
    const pm::context ctx{clock_text(), std::string("01NEW") + "PROFILEID0000000000000"};
    const pm::context copy = ctx;
    const auto r = pm::put_profile_by_query(
        json(nullptr), "coolbikes:rider:email:jdoe@example.com",
        profile_request({{"identifiers", {{{"type", "email"}, {"value", "jdoe@example.com"}}}}}),
        copy);
    ASSERT_EQ(r.outcome, pm::outcome::created) << pm::to_json(r).dump();
    EXPECT_EQ(r.entity["id"], "01NEWPROFILEID0000000000000");
    EXPECT_EQ(r.entity["created_at"], "2020-03-11T01:20:28Z");
}

TEST(ValueTypes, ResultsOutliveTheCallAndTheirInputs) {  // R
    std::vector<pm::operation_result> kept;
    for (const char* name : {"a-name-longer-than-a-short-string", "b", "c"}) {
        kept.push_back(renamed(name));
    }
    kept.erase(kept.begin() + 1);  // moves the last result
    ASSERT_EQ(kept.size(), 2u);
    EXPECT_EQ(kept[0].entity["name"], "a-name-longer-than-a-short-string");
    EXPECT_EQ(kept[1].entity["name"], "c");
    const pm::operation_result copy = kept[1];
    kept.clear();
    EXPECT_EQ(copy.changes, (pm::change_list{{pm::change_op::replace, "/name"}}));
    EXPECT_EQ(copy.entity["updated_at"], "2020-03-11T01:20:28Z");
}

// R1: a change_list holds its paths in one buffer and hands out views of them; the
// views survive a move of the list (a result moved into a container), a copy of the
// list owns its own paths, and a `change` is the value to keep.
TEST(ValueTypes, AChangeListsViewsSurviveItsMoveAndItsCopiesOwnTheirPaths) {  // R1
    pm::change_list list{{pm::change_op::replace, "/name"}};
    const pm::change_view first = list[0];
    pm::change_list moved = std::move(list);
    EXPECT_EQ(first.path, "/name");
    EXPECT_EQ(first, moved[0]);

    pm::change_list copy = moved;
    const pm::change kept = moved[0];
    moved.clear();
    moved.push_back(pm::change_op::add, "/attributes/a-member-longer-than-before");
    EXPECT_EQ(copy, (pm::change_list{{pm::change_op::replace, "/name"}}));
    EXPECT_EQ(kept, (pm::change{pm::change_op::replace, "/name"}));
    EXPECT_EQ(moved.path_bytes(),
              std::string_view("/attributes/a-member-longer-than-before").size());
}

TEST(ValueTypes, ChangesErrorsAndEffectsAreKeptByValue) {  // R, G8, section E
    const std::vector<pm::change> changes = changes_of(renamed("x"));
    EXPECT_EQ(changes, (std::vector<pm::change>{{pm::change_op::replace, "/name"}}));

    const std::vector<pm::error> errors = errors_of_a_bad_put();
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].pointer(), "/profile/identifiers");
    EXPECT_EQ(errors[1].pointer(), "/profile/name");

    std::map<std::string, std::vector<pm::effect>> effects_by_profile;
    {
        json stored = coolbikes_profile();
        auto r = pm::patch_profile_by_id(
            std::move(stored),
            profile_request(
                {{"identifiers", {{{"type", "email"}, {"value", "Other@Example.com"}}}}}),
            at_later());
        effects_by_profile[r.entity["id"].get<std::string>()] = std::move(r.effects);
    }
    const auto& effects = effects_by_profile.begin()->second;
    ASSERT_EQ(effects.size(), 1u);
    EXPECT_EQ(
        pm::to_json(effects[0]),
        (json{{"kind", "add_user_identity"}, {"type", "email"}, {"value", "other@example.com"}}));
}

// nlohmann's conventions: `json j = value;` for every value type the library returns.
TEST(ValueTypes, AnErrorIsInTheBodyInAParameterOrNowhere) {  // G8
    const auto where = [](const pm::operation_result& r) {
        EXPECT_EQ(r.errors.size(), 1u);
        return r.errors.empty() ? pm::error_location{} : r.errors[0].location;
    };
    const auto in_body = where(
        pm::patch_profile_by_id(coolbikes_profile(), profile_request({{"name", 7}}), at_later()));
    EXPECT_EQ(in_body, pm::error_location{pm::in_body{"/profile/name"}});

    const auto in_parameter = where(pm::patch_profile_by_query(
        coolbikes_profile(), "coolbikes:rider", profile_request({{"name", "x"}}), at_later()));
    EXPECT_EQ(in_parameter, pm::error_location{pm::in_parameter{"identifier"}});

    const auto nowhere =
        where(pm::patch_profile_by_id(nullptr, profile_request({{"name", "x"}}), at_later()));
    EXPECT_EQ(nowhere, pm::error_location{});

    // A server that places errors itself visits the location.
    const auto describe = [](const pm::error_location& location) {
        return std::visit(
            [](const auto& at) -> std::string {
                using T = std::decay_t<decltype(at)>;
                if constexpr (std::is_same_v<T, pm::in_body>) {
                    return "body " + at.pointer;
                } else if constexpr (std::is_same_v<T, pm::in_parameter>) {
                    return "parameter " + at.name;
                } else {
                    return "nowhere";
                }
            },
            location);
    };
    EXPECT_EQ(describe(in_body), "body /profile/name");
    EXPECT_EQ(describe(in_parameter), "parameter identifier");
    EXPECT_EQ(describe(nowhere), "nowhere");
}

TEST(ValueTypes, ConvertToJsonByAssignment) {  // R, G8
    const pm::operation_result r = renamed("x");
    const json whole = r;
    EXPECT_EQ(whole, pm::to_json(r));
    const json change = r.changes.front();
    EXPECT_EQ(change, (json{{"op", "replace"}, {"path", "/name"}}));
    const json changes = r.changes;
    EXPECT_EQ(changes, whole["changes"]);

    const std::vector<pm::error> errors = errors_of_a_bad_put();
    const json error = errors.front();
    EXPECT_EQ(error, pm::to_json(errors.front()));

    const pm::identifier id{"email", "jdoe@example.com"};
    EXPECT_EQ(json(id), (json{{"type", "email"}, {"value", "jdoe@example.com"}}));
    const auto query = pm::parse_identifier_query("coolbikes:rider:email:jdoe@example.com");
    ASSERT_TRUE(query.ok());
    EXPECT_EQ(json(*query.query), pm::to_json(*query.query));
    const pm::ignored_member ignored{"/profile/id", pm::ignore_reason::read_only};
    EXPECT_EQ(json(ignored), (json{{"pointer", "/profile/id"}, {"reason", "read_only"}}));
}

// Another basic_json is refused at compile time (tests/compile_fail/ordered_json.cpp,
// the ctest basic_json.*); the trait behind it, and the explicit conversion it asks for.
static_assert(!pm::detail::is_other_basic_json<json>::value);
static_assert(pm::detail::is_other_basic_json<nlohmann::ordered_json>::value);
static_assert(!pm::detail::is_other_basic_json<std::string>::value);
static_assert(!pm::detail::any_other_basic_json<const json&, std::nullptr_t, const char (&)[3]>);

TEST(ValueTypes, AnOrderedJsonConvertedExplicitlyIsPatched) {  // P3
    const nlohmann::ordered_json ordered = {{"source", "coolbikes"},
                                            {"type", "rider"},
                                            {"id", "01E06HXMJ8RJ6C0MR142D6FBSA"},
                                            {"attributes", {{"b", 1}, {"a", 2}}}};
    const json request = {{"profile", {{"attributes", {{"c", 3}}}}}};
    const pm::context ctx{"2020-03-11T01:20:28Z"};
    const pm::operation_result r = pm::patch_profile_by_id(json(ordered), request, ctx);
    ASSERT_EQ(r.outcome, pm::outcome::updated);
    EXPECT_EQ(r.entity["attributes"], (json{{"a", 2}, {"b", 1}, {"c", 3}}));
    // Null, as a server passes when nothing was found, is still taken as it is.
    EXPECT_EQ(pm::patch_profile_by_id(nullptr, request, ctx).outcome, pm::outcome::not_found);
}
