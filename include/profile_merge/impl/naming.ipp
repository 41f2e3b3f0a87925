// SPDX-License-Identifier: MIT
// The definitions of profile_merge/naming.hpp (docs/architecture.md, "Compiling").
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <utility>

#include "profile_merge/impl/normalize.ipp"
#include "profile_merge/naming.hpp"

namespace profile_merge {
inline namespace v1 {

namespace detail {

struct naming_rule {
    std::string_view type;
    std::string_view prefix;
};
// NM1 as data: the first type present, in this order, names the profile.
inline constexpr std::array<naming_rule, 6> naming_rules{{
    {"email", ""},
    {"external_id", "User "},
    {"phone_number", "User "},
    {"twitter", "Twitter user "},
    {"facebook", "Facebook user "},
    {"sdk", "SDK user "},
}};

// NM1 over identifiers offered one at a time, in the order the profile holds them:
// each identifier's rank is its type's row in naming_rules (custom types rank last);
// the first identifier of the best rank wins.
class profile_name_deriver {
public:
    void offer(std::string_view type, std::string value) {
        if (settled()) {
            return;
        }
        std::size_t rank = 0;
        while (rank < custom && naming_rules[rank].type != type) {
            ++rank;
        }
        if (rank < rank_) {
            rank_ = rank;
            type_.assign(type.data(), type.size());
            value_ = std::move(value);
        }
    }

    // Offers each well-formed element of a stored identifiers array.
    void offer_all(const nlohmann::json& identifiers) {
        if (!identifiers.is_array()) {
            return;
        }
        for (const auto& element : identifiers) {
            if (settled()) {
                return;
            }
            if (auto id = stored_identifier(element)) {
                offer(id->first, std::move(id->second));
            }
        }
    }

    // An email ranks first: no later identifier can win.
    [[nodiscard]] bool settled() const noexcept { return rank_ == 0; }

    [[nodiscard]] std::optional<std::string> name() const {
        if (rank_ > custom) {
            return std::nullopt;
        }
        if (rank_ == custom) {
            return type_ + " user " + value_;
        }
        return std::string(naming_rules[rank_].prefix) + value_;
    }

private:
    static constexpr std::size_t custom = naming_rules.size();
    std::size_t rank_ = custom + 1;  // no identifier yet
    std::string type_;
    std::string value_;
};

}  // namespace detail

std::optional<std::string> derive_profile_name(const nlohmann::json& identifiers) {
    detail::profile_name_deriver deriver;
    deriver.offer_all(identifiers);
    return deriver.name();
}

}  // namespace v1
}  // namespace profile_merge
