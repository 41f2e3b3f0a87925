// Properties of the rules' algebra, checked by RapidCheck on generated profiles
// and requests.
#include <cstdint>
#include <cstring>

#include <fmt/core.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "support.hpp"

namespace {

// Short ASCII keys from a small alphabet, so that patches hit stored keys often.
// (gen::resize bounds the length of what a container generator makes.)
rc::Gen<std::string> small_key() {
    return rc::gen::resize(
        3, rc::gen::nonEmpty(rc::gen::container<std::string>(rc::gen::inRange('a', 'e'))));
}

rc::Gen<json> scalar() {
    return rc::gen::oneOf(rc::gen::construct<json>(rc::gen::arbitrary<int>()),
                          rc::gen::construct<json>(rc::gen::arbitrary<bool>()),
                          rc::gen::construct<json>(small_key()), rc::gen::just(json(nullptr)));
}

// A JSON value at most `depth` levels deep: scalars, arrays and objects.
rc::Gen<json> value(int depth) {
    if (depth <= 0)
        return scalar();
    return rc::gen::oneOf(
        scalar(), scalar(),
        rc::gen::map(rc::gen::resize(3, rc::gen::container<std::vector<json>>(value(depth - 1))),
                     [](std::vector<json> items) { return json(std::move(items)); }),
        rc::gen::map(rc::gen::resize(4, rc::gen::container<std::map<std::string, json>>(
                                            small_key(), value(depth - 1))),
                     [](std::map<std::string, json> members) { return json(std::move(members)); }));
}

rc::Gen<json> attributes_object() {
    return rc::gen::map(
        rc::gen::resize(6, rc::gen::container<std::map<std::string, json>>(small_key(), value(3))),
        [](std::map<std::string, json> members) { return json(std::move(members)); });
}

// 1 to `max` identifiers of standard and custom types, values in mixed case.
rc::Gen<json> identifiers(int max) {
    const auto one = rc::gen::pair(
        rc::gen::inRange(0, 4),
        rc::gen::resize(3, rc::gen::nonEmpty(rc::gen::container<std::string>(rc::gen::oneOf(
                               rc::gen::inRange('a', 'd'), rc::gen::inRange('A', 'D'))))));
    return rc::gen::map(
        rc::gen::resize(
            max,
            rc::gen::nonEmpty(rc::gen::container<std::vector<std::pair<int, std::string>>>(one))),
        [](const std::vector<std::pair<int, std::string>>& raw) {
            static const char* types[] = {"email", "twitter", "external_id", "member_id"};
            json list = json::array();
            for (const auto& [type, text] : raw)
                list.push_back({{"type", types[type]}, {"value", text}});
            return list;
        });
}

json stored_with(json attributes, json ids) {
    json stored = test_support::coolbikes_profile();
    stored["attributes"] = std::move(attributes);
    stored["identifiers"] =
        pm::put_profile_by_query(nullptr, "s:t:sdk:1",
                                 test_support::profile_request({{"identifiers", ids}}),
                                 test_support::at_later())
            .entity["identifiers"];  // normalised, as a stored profile would be
    return stored;
}

json without_updated_at(json entity) {
    entity.erase("updated_at");
    return entity;
}

}  // namespace

RC_GTEST_PROP(Properties, AnEmptyPatchIsUnchanged, ()) {  // P8, G4
    const json stored = stored_with(*attributes_object(), *identifiers(5));
    const auto r = pm::patch_profile_by_id(stored, test_support::profile_request(json::object()),
                                           test_support::at_later());
    RC_ASSERT(r.outcome == pm::outcome::unchanged);
    RC_ASSERT(r.entity == stored);
}

RC_GTEST_PROP(Properties, DeepMergeAgreesWithNlohmannMergePatch, ()) {  // P3
    const json stored = stored_with(*attributes_object(), *identifiers(3));
    const json patch = *attributes_object();
    const auto r = pm::patch_profile_by_id(
        stored, test_support::profile_request({{"attributes", patch}}), test_support::at_later());
    json expected = stored["attributes"];
    expected.merge_patch(patch);
    RC_ASSERT(r.ok());
    RC_ASSERT(r.entity["attributes"] == expected);
    RC_ASSERT((r.outcome == pm::outcome::unchanged) == (expected == stored["attributes"]));
}

RC_GTEST_PROP(Properties, ThePatchTwiceEqualsThePatchOnce, ()) {  // P3, P4
    const json stored = stored_with(*attributes_object(), *identifiers(5));
    const json request = test_support::profile_request({{"attributes", *attributes_object()},
                                                        {"identifiers", *identifiers(5)},
                                                        {"name", *small_key()}});
    pm::patch_options unlimited;
    unlimited.limits = pm::profile_limits::unlimited();
    const auto once = pm::patch_profile_by_id(stored, request, test_support::at_later(), unlimited);
    const auto twice =
        pm::patch_profile_by_id(once.entity, request, {"2030-01-01T00:00:00Z"}, unlimited);
    RC_ASSERT(once.ok());
    RC_ASSERT(twice.outcome == pm::outcome::unchanged);
    RC_ASSERT(without_updated_at(twice.entity) == without_updated_at(once.entity));
    RC_ASSERT(twice.effects.empty());
}

RC_GTEST_PROP(Properties, PatchNeverRemovesOrAltersAnExistingIdentifier, ()) {  // P4, P6
    const json stored = stored_with(*attributes_object(), *identifiers(6));
    const json request = test_support::profile_request(
        {{"identifiers", *identifiers(6)}, {"source", "x"}, {"user_id", "y"}, {"id", "z"}});
    pm::patch_options unlimited;
    unlimited.limits = pm::profile_limits::unlimited();
    const auto r = pm::patch_profile_by_id(stored, request, test_support::at_later(), unlimited);
    RC_ASSERT(r.ok());
    const json& before = stored["identifiers"];
    const json& after = r.entity["identifiers"];
    RC_ASSERT(after.size() >= before.size());
    for (std::size_t i = 0; i < before.size(); ++i)
        RC_ASSERT(after[i] == before[i]);
    for (const char* read_only : {"id", "source", "type", "user_id", "created_at"}) {
        RC_ASSERT(r.entity[read_only] == stored[read_only]);
    }
}

RC_GTEST_PROP(Properties, PutKeepsIdCreatedAtAndUserIdAndRepeatsAsUnchanged, ()) {  // U2, G4
    json ids = *identifiers(4);
    ids.push_back({{"type", "email"}, {"value", "jdoe@example.com"}});  // what the query finds
    const json stored = stored_with(*attributes_object(), ids);
    const json request = test_support::profile_request(
        {{"identifiers", *identifiers(5)}, {"attributes", *attributes_object()}, {"id", "forged"}});
    const auto first = pm::put_profile_by_query(stored, test_support::jdoe_query, request,
                                                test_support::at_later());
    RC_ASSERT(first.ok());
    for (const char* kept : {"id", "created_at", "user_id"})
        RC_ASSERT(first.entity[kept] == stored[kept]);
    const auto again =
        pm::put_profile_by_query(first.entity, test_support::jdoe_query, request,
                                 {"2031-01-01T00:00:00Z", "UNUSED-ID"});  // G2: every PUT by query
    RC_ASSERT(again.outcome == pm::outcome::unchanged);
    RC_ASSERT(again.entity == first.entity);
}

RC_GTEST_PROP(Properties, TheEtagChangesWhenTheEntityDoesAndOnlyThen, ()) {  // G10
    const json a = stored_with(*attributes_object(), *identifiers(3));
    const json b = stored_with(*attributes_object(), *identifiers(3));
    RC_ASSERT((pm::etag(a) == pm::etag(b)) == (a == b));
    RC_ASSERT(pm::etag(a) == pm::etag(json(a)));
}

RC_GTEST_PROP(Properties, FailuresLeaveTheStoredProfileAndGiveItBack, ()) {  // G3
    const json stored = stored_with(*attributes_object(), *identifiers(3));
    const json bad =
        test_support::profile_request({{"attributes", *attributes_object()}, {"name", 42}});
    json handed_over = stored;
    const auto r = pm::patch_profile_by_id(std::move(handed_over), bad, test_support::at_later());
    RC_ASSERT(r.outcome == pm::outcome::invalid);
    RC_ASSERT(r.entity == stored);
    RC_ASSERT(r.effects.empty());
}

// R: append_json writes the bytes to_json(r).dump() writes, whatever the strings
// hold (quotes, control characters, invalid UTF-8) and whatever extra members come.
RC_GTEST_PROP(Properties, AppendJsonWritesWhatDumpWrites, ()) {  // R
    // Bytes JSON escapes or rejects (quote, backslash, control, DEL, UTF-8 lead and
    // continuation bytes) mixed with anything.
    const auto any_text = rc::gen::resize(
        6, rc::gen::container<std::string>(rc::gen::oneOf(
               rc::gen::element('"', '\\', '\x01', '\n', '\x7f', '\xc3', '\xa9', '\xff', 'a', '/'),
               rc::gen::arbitrary<char>())));
    pm::operation_result r;
    r.api = *rc::gen::element(pm::api::profiles, pm::api::end_users);
    r.outcome = *rc::gen::element(pm::outcome::updated, pm::outcome::created, pm::outcome::invalid);
    r.entity = *value(3);
    for (const auto& text :
         *rc::gen::resize(4, rc::gen::container<std::vector<std::string>>(any_text))) {
        r.changes.push_back({pm::change_op::replace, text});
        r.ignored.push_back({text, pm::ignore_reason::read_only});
        const auto where = *rc::gen::element<int>(0, 1, 2);  // G8: body, parameter, nowhere
        r.errors.push_back({pm::error_code::invalid_type,
                            where == 0   ? pm::error_location{pm::in_body{text}}
                            : where == 1 ? pm::error_location{pm::in_parameter{text}}
                                         : pm::error_location{},
                            text});
    }
    json extra = json::object();
    for (const auto& [key, member] : *rc::gen::resize(
             4, rc::gen::container<std::map<std::string, json>>(
                    rc::gen::oneOf(any_text,
                                   rc::gen::element<std::string>("id", "line", "status", "user")),
                    value(1))))
        extra[key] = member;

    json document = pm::to_json(r);
    for (const auto& [key, member] : extra.items())
        document[key] = member;
    std::string out;
    pm::append_json(out, r, extra);
    RC_ASSERT(out == document.dump(-1, ' ', false, json::error_handler_t::replace));
}

namespace {

// Bytes JSON escapes or rejects, mixed with anything: strings for the writer.
rc::Gen<std::string> hostile_text() {
    return rc::gen::resize(
        12, rc::gen::container<std::string>(rc::gen::oneOf(
                rc::gen::element('"', '\\', '\x01', '\n', '\x1f', ' ', '\x7f', '\xc3', '\xa9',
                                 '\xe2', '\x82', '\xac', '\xed', '\xa0', '\xf0', '\x9f', '\xff'),
                rc::gen::inRange('a', 'z'), rc::gen::arbitrary<char>())));
}

// Any value the writer may meet: every number kind (doubles of any bit pattern,
// NaN and infinities among them), hostile strings as values and member names.
rc::Gen<json> any_value(int depth) {
    const auto leaf =
        rc::gen::oneOf(rc::gen::construct<json>(rc::gen::arbitrary<std::int64_t>()),
                       rc::gen::construct<json>(rc::gen::arbitrary<std::uint64_t>()),
                       rc::gen::construct<json>(rc::gen::arbitrary<double>()),
                       rc::gen::map(rc::gen::arbitrary<std::uint64_t>(),
                                    [](std::uint64_t bits) {
                                        double number = 0;
                                        std::memcpy(&number, &bits, sizeof number);
                                        return json(number);
                                    }),
                       rc::gen::construct<json>(rc::gen::arbitrary<bool>()),
                       rc::gen::construct<json>(hostile_text()), rc::gen::just(json(nullptr)));
    if (depth <= 0)
        return leaf;
    return rc::gen::oneOf(
        leaf, leaf,
        rc::gen::map(
            rc::gen::resize(4, rc::gen::container<std::vector<json>>(any_value(depth - 1))),
            [](std::vector<json> items) { return json(std::move(items)); }),
        rc::gen::map(rc::gen::resize(4, rc::gen::container<std::map<std::string, json>>(
                                            hostile_text(), any_value(depth - 1))),
                     [](std::map<std::string, json> members) { return json(std::move(members)); }));
}

}  // namespace

// R: the compact writer behind append_json and the CLI writes, for any value, the
// bytes dump(-1, ' ', false, error_handler_t::replace) writes.
RC_GTEST_PROP(Properties, AppendCompactWritesWhatDumpWrites, ()) {  // R
    const json value = *any_value(3);
    RC_ASSERT(pm::detail::dump_compact(value) ==
              value.dump(-1, ' ', false, json::error_handler_t::replace));
}

// G8: messages come out of detail::substitute (format_message's core) as fmt::format
// writes them, for
// any pattern of text, escaped braces and placeholders, and any arguments.
RC_GTEST_PROP(Properties, MessagesAreFormattedAsFmtFormatsThem, ()) {  // G8
    const auto pieces = *rc::gen::container<std::vector<std::string>>(
        rc::gen::oneOf(rc::gen::element<std::string>("{}", "{{", "}}", " ", "`", "\n"),
                       rc::gen::container<std::string>(rc::gen::inRange('a', 'z'))));
    std::string pattern;
    std::size_t placeholders = 0;
    for (const std::string& piece : pieces) {
        pattern += piece;
        placeholders += piece == "{}" ? 1u : 0u;
    }
    // Up to three placeholders: a text, a signed and an unsigned number.
    RC_PRE(placeholders <= 3);
    const auto text = *hostile_text();
    const auto number = *rc::gen::arbitrary<std::int64_t>();
    const auto count = *rc::gen::arbitrary<std::size_t>();
    const std::array<std::string, 3> texts{text, std::to_string(number), std::to_string(count)};
    RC_ASSERT(pm::detail::substitute(pattern, texts) ==
              fmt::format(fmt::runtime(pattern), text, number, count));
}

// ---- Policies ----

namespace {

// Keys a..e: `a` server-managed, `b` write-once, `c` counted, `d` a union; `e` deep.
const pm::policy& property_policy() {
    static const pm::policy loaded = pm::load_policy(json::parse(R"({
        "policy": 1, "entity": "profile",
        "attributes": {"/a": {"mutability": "server_managed"},
                       "/b": {"mutability": "write_once"},
                       "/c": {"merge": "increment"},
                       "/d": {"merge": "union"}}})"));
    return loaded;
}

// A write under the property policy: a PATCH of generated attributes, or a PUT of them.
pm::operation_result write_under_policy(const json& stored, const json& attributes, bool put) {
    const json request = test_support::profile_request(
        {{"attributes", attributes}, {"identifiers", stored["identifiers"]}});
    if (put) {
        pm::put_options options;
        options.policy = property_policy();
        return pm::put_profile_by_id(stored, request, test_support::at_later(), options);
    }
    pm::patch_options options;
    options.policy = property_policy();
    return pm::patch_profile_by_id(stored, request, test_support::at_later(), options);
}

}  // namespace

RC_GTEST_PROP(Properties, WithoutTrustAServerManagedMemberNeverChanges, ()) {  // PL2, PL7
    json state = stored_with(*attributes_object(), *identifiers(2));
    const json before = state["attributes"].value("a", json());
    const bool had = state["attributes"].contains("a");
    const auto writes =
        *rc::gen::resize(5, rc::gen::container<std::vector<std::pair<json, bool>>>(
                                rc::gen::pair(attributes_object(), rc::gen::arbitrary<bool>())));
    for (const auto& [attributes, put] : writes) {
        const auto r = write_under_policy(state, attributes, put);
        if (r.ok()) {
            state = r.entity;
        }
        RC_ASSERT(state["attributes"].contains("a") == had);
        RC_ASSERT(state["attributes"].value("a", json()) == before);
    }
}

RC_GTEST_PROP(Properties, AWriteOnceMemberChangesAtMostOnce, ()) {  // PL2, PL7
    json state = stored_with(*attributes_object(), *identifiers(2));
    state["attributes"].erase("b");
    int changes = 0;
    const auto writes =
        *rc::gen::resize(6, rc::gen::container<std::vector<std::pair<json, bool>>>(
                                rc::gen::pair(attributes_object(), rc::gen::arbitrary<bool>())));
    for (const auto& [attributes, put] : writes) {
        const json before =
            state["attributes"].contains("b") ? state["attributes"]["b"] : json("<absent>");
        const auto r = write_under_policy(state, attributes, put);
        if (r.ok()) {
            state = r.entity;
        }
        const json after =
            state["attributes"].contains("b") ? state["attributes"]["b"] : json("<absent>");
        changes += before == after ? 0 : 1;
    }
    RC_ASSERT(changes <= 1);
}

RC_GTEST_PROP(Properties, IncrementsSumExactly, ()) {  // PL3
    json state = stored_with(json::object(), *identifiers(1));
    const auto steps =
        *rc::gen::resize(8, rc::gen::container<std::vector<int>>(rc::gen::arbitrary<int>()));
    std::int64_t sum = 0;
    for (const int step : steps) {
        const auto r = write_under_policy(state, {{"c", step}}, false);
        RC_ASSERT(r.ok());
        state = r.entity;
        sum += step;
    }
    RC_ASSERT(state["attributes"].value("c", json(0)) == json(sum));
}

RC_GTEST_PROP(Properties, AUnionIsIdempotentAndKeepsOrder, ()) {  // PL3
    const json stored = stored_with({{"d", *value(1)}}, *identifiers(1));
    const json sent =
        *rc::gen::map(rc::gen::resize(5, rc::gen::container<std::vector<json>>(scalar())),
                      [](std::vector<json> items) { return json(std::move(items)); });
    const auto once = write_under_policy(stored, {{"d", sent}}, false);
    RC_ASSERT(once.ok());
    const auto twice = write_under_policy(once.entity, {{"d", sent}}, false);
    RC_ASSERT(twice.outcome == pm::outcome::unchanged);
    if (stored["attributes"]["d"].is_array()) {  // the stored elements first, as they were
        const json& result = once.entity["attributes"]["d"];
        const json& kept = stored["attributes"]["d"];
        RC_ASSERT(result.size() >= kept.size());
        for (std::size_t i = 0; i < kept.size(); ++i) {
            RC_ASSERT(result[i] == kept[i]);
        }
    }
}

RC_GTEST_PROP(Properties, TheZendeskPolicyAndNoPolicyAgree, ()) {  // PL8
    const json stored = stored_with(*attributes_object(), *identifiers(4));
    const json request = test_support::profile_request({{"attributes", *attributes_object()},
                                                        {"identifiers", *identifiers(4)},
                                                        {"name", *small_key()}});
    pm::patch_options zendesk;
    zendesk.policy = pm::zendesk_policy();
    RC_ASSERT(
        pm::to_json(pm::patch_profile_by_id(stored, request, test_support::at_later())) ==
        pm::to_json(pm::patch_profile_by_id(stored, request, test_support::at_later(), zendesk)));
    pm::put_options put;
    put.policy = pm::zendesk_policy();
    RC_ASSERT(pm::to_json(pm::put_profile_by_id(stored, request, test_support::at_later())) ==
              pm::to_json(pm::put_profile_by_id(stored, request, test_support::at_later(), put)));
}
