// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/config.hpp"

namespace profile_merge {
inline namespace v1 {

/// An identifier: a type and a value, as a profile holds it and as effects carry it
/// (values normalised by N1 and N2 where the library made them).
struct identifier {
    std::string type;
    std::string value;

    /// {"type": ..., "value": ...}, built member by member (an initializer list would
    /// copy each value twice; PATCH and PUT write one per identifier).
    [[nodiscard]] PROFILE_MERGE_DECL nlohmann::json to_json() const;
    friend bool operator==(const identifier& a, const identifier& b) {
        return a.type == b.type && a.value == b.value;
    }
};

// nlohmann's conversion hook, found by ADL: `nlohmann::json j = identifier;`.
PROFILE_MERGE_DECL void to_json(nlohmann::json& j, const identifier& id);

}  // namespace v1
}  // namespace profile_merge

#ifdef PROFILE_MERGE_HEADER_ONLY
#include "profile_merge/impl/identifier.ipp"
#endif
