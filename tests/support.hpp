// Fixtures shared by the test files: the seed's coolbikes profile and helpers.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <profile_merge/profile_merge.hpp>
// The internals the unit tests reach, which the separately compiled mode does not
// bring in with the public headers (the single header holds them all).
#if __has_include(<profile_merge/detail/compact_json.hpp>)
#include <profile_merge/detail/compact_json.hpp>
#include <profile_merge/detail/json_value.hpp>
#include <profile_merge/detail/message.hpp>
#include <profile_merge/detail/text.hpp>
#endif

namespace pm = profile_merge;
using nlohmann::json;

// Readable GoogleTest failure messages for the library's value types.
namespace profile_merge {
inline namespace v1 {
inline void PrintTo(const change& c, std::ostream* os) {
    *os << to_string(c.op) << ' ' << c.path;
}
inline void PrintTo(const ignored_member& i, std::ostream* os) {
    *os << i.pointer << " (" << to_string(i.reason) << ')';
}
inline void PrintTo(const error& e, std::ostream* os) {
    *os << to_json(e).dump();
}
inline void PrintTo(const identifier& i, std::ostream* os) {
    *os << i.type << ':' << i.value;
}
inline void PrintTo(const identifier_query& q, std::ostream* os) {
    *os << q.source << ':' << q.type << ':' << q.identifier_type << ':' << q.identifier_value;
}
}  // namespace v1
}  // namespace profile_merge

namespace test_support {

inline constexpr const char* jdoe_query = "coolbikes:rider:email:jdoe@example.com";
inline constexpr const char* created_at = "2020-02-03T22:14:48Z";
inline constexpr const char* later = "2020-03-11T01:20:28Z";

// The profile of seed 000 before its PATCH example.
inline json coolbikes_profile() {
    return json::parse(R"({
        "id": "01E06HXMJ8RJ6C0MR142D6FBSA",
        "user_id": "81123613",
        "source": "coolbikes",
        "type": "rider",
        "name": "sunshine_user",
        "attributes": {"favorite_color": "red", "saddle_height": "85cm"},
        "created_at": "2020-02-03T22:14:48Z",
        "updated_at": "2020-02-03T22:14:48Z",
        "identifiers": [{"type": "email", "value": "jdoe@example.com"}]
    })");
}

// The end user of seed 003.
inline json johnny_end_user() {
    return json::parse(R"({
        "id": 35436,
        "url": "https://company.zendesk.com/api/v2/end_users/35436.json",
        "name": "Johnny End User",
        "created_at": "2009-07-20T22:55:29Z",
        "updated_at": "2011-05-05T10:38:52Z",
        "time_zone": "Copenhagen",
        "email": "johnny@example.com",
        "phone": "+15551234567",
        "locale": "en-US",
        "locale_id": 1,
        "organization_id": 57542,
        "role": "end-user",
        "verified": true
    })");
}

// {"k":{"k":...{"k":1}}}: `depth` objects, built without recursion (hostile depths).
inline json nested_objects(std::size_t depth) {
    json value = 1;
    for (std::size_t i = 0; i < depth; ++i) {
        json wrapper = json::object();
        wrapper["k"] = std::move(value);
        value = std::move(wrapper);
    }
    return value;
}

inline json profile_request(json inner) {
    return json{{"profile", std::move(inner)}};
}
inline json user_request(json inner) {
    return json{{"user", std::move(inner)}};
}

// A query that must parse; an empty one (and a failure) when it does not.
inline pm::identifier_query parsed_query(std::string_view text) {
    auto result = pm::parse_identifier_query(text);
    EXPECT_TRUE(result.ok()) << text;
    return result.ok() ? *result.query : pm::identifier_query{};
}

inline pm::context at_later() {
    return pm::context{later, "01NEWPROFILEID0000000000000"};
}

// Whether some error has this code and pointer.
inline bool has_error(const pm::operation_result& r, pm::error_code code,
                      const std::string& pointer) {
    for (const auto& e : r.errors) {
        if (e.code == code && e.pointer() == pointer) {
            return true;
        }
    }
    return false;
}

// Whether some error has this code and no body pointer (G8): in the named parameter,
// or, when `parameter` is empty, in no part of the request (not found, the stored
// entity, the server's context).
inline bool has_unplaced_error(const pm::operation_result& r, pm::error_code code,
                               const std::string& parameter = "") {
    const pm::error_location where =
        parameter.empty() ? pm::error_location{} : pm::error_location{pm::in_parameter{parameter}};
    for (const auto& e : r.errors) {
        if (e.code == code && e.location == where) {
            return true;
        }
    }
    return false;
}

inline bool has_ignored(const pm::operation_result& r, const std::string& pointer,
                        pm::ignore_reason reason) {
    for (const auto& i : r.ignored) {
        if (i.pointer == pointer && i.reason == reason) {
            return true;
        }
    }
    return false;
}

inline json effects_json(const pm::operation_result& r) {
    json out = json::array();
    for (const auto& e : r.effects) {
        out.push_back(pm::to_json(e));
    }
    return out;
}

}  // namespace test_support

namespace test_support {

// G3 for both overloads: `operation` is called once with a const& stored entity
// and once with an rvalue copy; each must fail with `code`, emit no effects and
// leave (or hand back) the stored entity exactly as it was.
template <class Operation>
void expect_all_or_nothing(const json& stored, Operation operation, pm::error_code code) {
    const json pristine = stored;
    const pm::operation_result by_reference = operation(stored);
    EXPECT_FALSE(by_reference.ok());
    EXPECT_TRUE(by_reference.effects.empty());
    EXPECT_TRUE(by_reference.changes.empty());
    EXPECT_EQ(stored, pristine) << "the const& overload changed the stored entity";
    EXPECT_EQ(by_reference.entity, pristine);
    bool found = false;
    for (const auto& e : by_reference.errors)
        found = found || e.code == code;
    EXPECT_TRUE(found) << "expected " << pm::to_string(code) << " in "
                       << pm::to_json(by_reference).dump();

    json handed_over = stored;
    const pm::operation_result by_value = operation(std::move(handed_over));
    EXPECT_FALSE(by_value.ok());
    EXPECT_TRUE(by_value.effects.empty());
    EXPECT_EQ(by_value.entity, pristine) << "the rvalue overload did not hand the entity back";
    EXPECT_EQ(by_value.errors, by_reference.errors);
}

}  // namespace test_support
