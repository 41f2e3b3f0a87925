// SPDX-License-Identifier: MIT
// The definitions of profile_merge/effect.hpp (docs/architecture.md, "Compiling").
#pragma once

#include "profile_merge/effect.hpp"

namespace profile_merge {
inline namespace v1 {

effect_kind kind_of(const effect& e) noexcept {
    return static_cast<effect_kind>(e.index());
}

nlohmann::json to_json(const effect& e) {
    nlohmann::json out = nlohmann::json::object();
    out["kind"] = to_string(kind_of(e));
    auto optional_value = [](const auto& value) {
        return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
    };
    std::visit(
        [&](const auto& alternative) {
            using T = std::decay_t<decltype(alternative)>;
            if constexpr (std::is_same_v<T, add_user_identity>) {
                out["type"] = alternative.type;
                out["value"] = alternative.value;
            } else if constexpr (std::is_same_v<T, resolve_user>) {
                auto& list = out["identifiers"] = nlohmann::json::array();
                for (const identifier& id : alternative.identifiers) {
                    list.push_back({{"type", id.type}, {"value", id.value}});
                }
                out["anonymous_name"] = alternative.anonymous_name;
            } else if constexpr (std::is_same_v<T, phone_changed>) {
                out["value"] = optional_value(alternative.value);
            } else if constexpr (std::is_same_v<T, set_default_organization>) {
                out["organization_id"] = optional_value(alternative.organization_id);
            } else if constexpr (std::is_same_v<T, fetch_remote_photo>) {
                out["url"] = alternative.url;
            } else {  // set_user_external_id, add_secondary_email
                out["value"] = alternative.value;
            }
        },
        e);
    return out;
}

void to_json(nlohmann::json& j, const effect& e) {
    j = to_json(e);
}

}  // namespace v1
}  // namespace profile_merge
