// Inputs for the benchmarks: generated profiles of three sizes and the requests
// the targets name. Everything here runs outside the timed loops.
#pragma once

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstddef>
#include <string>

#include <profile_merge/profile_merge.hpp>

namespace bench {

namespace pm = profile_merge;
using nlohmann::json;

// Every allocation of the process (allocation_counter.cpp replaces operator new).
extern std::atomic<std::size_t> allocations;

struct profile_size {
    const char* name;
    std::size_t attributes;
    std::size_t identifiers;
};
// small, medium, large; indexed by the benchmark's range(0).
inline constexpr profile_size sizes[] = {
    {"small", 5, 2}, {"medium", 100, 10}, {"large", 10000, 1000}};

// A realistic profile: string, number, boolean and nested-object attributes, and
// one email identifier followed by custom ones.
inline json make_profile(const profile_size& size) {
    json attributes = json::object();
    attributes["favorite_color"] = "red";
    attributes["saddle_height"] = "85cm";
    for (std::size_t i = 2; i < size.attributes; ++i) {
        const std::string key = "attribute_" + std::to_string(i);
        switch (i % 4) {
            case 0:
                attributes[key] = "value " + std::to_string(i);
                break;
            case 1:
                attributes[key] = static_cast<std::int64_t>(i) * 37;
                break;
            case 2:
                attributes[key] = (i % 3) == 0;
                break;
            default:
                attributes[key] = {{"city", "Copenhagen"}, {"zip", std::to_string(1000 + i)}};
        }
    }
    json identifiers = json::array({{{"type", "email"}, {"value", "jdoe@example.com"}}});
    for (std::size_t i = 1; i < size.identifiers; ++i) {
        identifiers.push_back({{"type", "member_id"}, {"value", "M" + std::to_string(i)}});
    }
    return {{"id", "01E06HXMJ8RJ6C0MR142D6FBSA"},
            {"user_id", "81123613"},
            {"source", "coolbikes"},
            {"type", "rider"},
            {"name", "Jane Doe"},
            {"attributes", std::move(attributes)},
            {"created_at", "2020-02-03T22:14:48Z"},
            {"updated_at", "2020-02-03T22:14:48Z"},
            {"identifiers", std::move(identifiers)}};
}

// Two two-key attribute patches that undo each other, so every timed PATCH changes
// the profile (a repeated identical PATCH would be `unchanged` and do less).
inline json attributes_patch(int variant) {
    return variant == 0 ? json{{"saddle_height", "87cm"}, {"favorite_color", "blue"}}
                        : json{{"saddle_height", "85cm"}, {"favorite_color", "red"}};
}

inline json patch_request(int variant) {
    return {{"profile", {{"attributes", attributes_patch(variant)}}}};
}

// Requests that set the name and two attributes, alternating so that each changes
// the profile.
inline json name_and_attributes_request(int variant) {
    json body = patch_request(variant)["profile"];
    body["name"] = variant == 0 ? "Jane Roe" : "Jane Doe";
    return {{"profile", std::move(body)}};
}

// A policy of 50 paths, two of which name the members of patch_request's attributes.
inline pm::policy fifty_path_policy() {
    json attributes = {{"/saddle_height", {{"type", "string"}}},
                       {"/favorite_color", {{"type", "string"}, {"null", "reject"}}}};
    for (int i = 0; attributes.size() < 50; ++i) {
        attributes["/other_" + std::to_string(i) + "/*"] = {{"type", "integer"}};
    }
    return pm::load_policy({{"policy", 1}, {"entity", "profile"}, {"attributes", attributes}});
}

// Limits off for the large profile (1,000 identifiers), defaults otherwise.
inline pm::patch_options patch_options_for(const profile_size& size) {
    pm::patch_options options;
    if (size.identifiers > 20)
        options.limits = pm::profile_limits::unlimited();
    return options;
}

inline const pm::context now{"2020-03-11T01:20:28Z", "01E0NEWPROFILE000000000000"};

}  // namespace bench
