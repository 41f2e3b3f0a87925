// SPDX-License-Identifier: MIT
// The definitions of profile_merge/identifier.hpp (docs/architecture.md, "Compiling").
#pragma once

#include "profile_merge/identifier.hpp"

namespace profile_merge {
inline namespace v1 {

nlohmann::json identifier::to_json() const {
    nlohmann::json out(nlohmann::json::value_t::object);
    out.emplace("type", type);
    out.emplace("value", value);
    return out;
}

void to_json(nlohmann::json& j, const identifier& id) {
    j = id.to_json();
}

}  // namespace v1
}  // namespace profile_merge
