// Shared by the fuzz targets: inputs are JSON documents shaped like conformance
// cases (so the vectors are the seed corpus); properties are checked, not only
// "no crash". A broken property aborts, which libFuzzer reports with the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <profile_merge/profile_merge.hpp>
#include <profile_merge/testing/conformance.hpp>

namespace fuzz {

namespace pm = profile_merge;
using nlohmann::json;

// Fails the run with a message naming the broken property.
inline void require(bool property, const char* what) {
    if (!property) {
        std::fprintf(stderr, "property broken: %s\n", what);
        std::abort();
    }
}

// The input as JSON, nesting bounded like the CLI's (nlohmann copies, compares and
// dumps recursively); nullopt for bytes that are not JSON.
inline std::optional<json> parse(const std::uint8_t* data, std::size_t size) {
    struct too_deep {};
    try {
        return json::parse(data, data + size, [](int depth, json::parse_event_t, json&) {
            if (depth > 256)
                throw too_deep{};
            return true;
        });
    } catch (const json::exception&) {  // parse_error, and out_of_range for numbers like 1e999
    } catch (const too_deep&) {
    }
    return std::nullopt;
}

inline const json& member(const json& c, const char* name) {
    static const json null;
    const auto it = c.is_object() ? c.find(name) : c.end();
    return c.is_object() && it != c.end() ? *it : null;
}

// G9 on a result: identifiers within the limit when the stored profile was.
inline void require_limits(const json& stored, const json& result,
                           const pm::profile_limits& limits) {
    const json& before = member(stored, "identifiers");
    const json& after = member(result, "identifiers");
    if (limits.max_identifiers != 0 && after.is_array() && after.size() > limits.max_identifiers) {
        require(before.is_array() && after.size() <= before.size(),
                "a result exceeds the identifier limit");
    }
}

// Every string of a result can be dumped: ill-formed UTF-8 never reaches an entity.
inline void require_dumpable(const json& entity) {
    try {
        (void)entity.dump();
    } catch (const json::type_error&) {
        require(false, "a result holds a string that is not valid UTF-8");
    }
}

// G3: on failure, nothing changed and nothing is to be done.
inline void require_all_or_nothing(const pm::operation_result& r, const json& stored) {
    if (!r.ok()) {
        require(r.entity == stored, "a failed operation changed the stored entity");
        require(r.effects.empty(), "a failed operation emitted effects");
    }
}

}  // namespace fuzz
