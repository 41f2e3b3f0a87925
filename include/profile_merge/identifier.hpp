// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace profile_merge {
inline namespace v1 {

/// An identifier: a type and a value, as a profile holds it and as effects carry it
/// (values normalised by N1 and N2 where the library made them).
struct identifier {
    std::string type;
    std::string value;

    /// {"type": ..., "value": ...}, built member by member (an initializer list would
    /// copy each value twice; PATCH and PUT write one per identifier).
    template <class = void>
    [[nodiscard]] nlohmann::json to_json() const {
        nlohmann::json out(nlohmann::json::value_t::object);
        out.emplace("type", type);
        out.emplace("value", value);
        return out;
    }
    friend bool operator==(const identifier& a, const identifier& b) {
        return a.type == b.type && a.value == b.value;
    }
};

// nlohmann's conversion hook, found by ADL: `nlohmann::json j = identifier;`.
template <class = void>
void to_json(nlohmann::json& j, const identifier& id) {
    j = id.to_json();
}

}  // namespace v1
}  // namespace profile_merge
