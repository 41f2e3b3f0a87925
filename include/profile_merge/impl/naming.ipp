// SPDX-License-Identifier: MIT
// The definitions of profile_merge/naming.hpp (docs/architecture.md, "Compiling").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <utility>

#include "profile_merge/impl/normalize.ipp"
#include "profile_merge/naming.hpp"

namespace profile_merge {
inline namespace v1 {

namespace detail {

// NM1 over identifiers offered one at a time, in the order the profile holds them:
// the first identifier of the best rank wins (PL6: the rules say each type's rank and
// name; a type without a rank comes after every ranked one).
class profile_name_deriver {
public:
    profile_name_deriver() = default;
    explicit profile_name_deriver(const identifier_rules& rules) : rules_(rules) {}

    void offer(std::string_view type, std::string value) {
        if (settled()) {
            return;
        }
        const std::uint64_t ranked = rules_.rank(type);
        const std::uint64_t rank = ranked == 0 ? unranked : ranked;
        if (!found_ || rank < rank_) {
            found_ = true;
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

    // Ranks are positive: one of rank 1 cannot be beaten.
    [[nodiscard]] bool settled() const noexcept { return found_ && rank_ == 1; }

    [[nodiscard]] std::optional<std::string> name() const {
        if (!found_) {
            return std::nullopt;
        }
        return rules_.name(type_, value_);
    }

private:
    static constexpr std::uint64_t unranked = std::numeric_limits<std::uint64_t>::max();
    identifier_rules rules_;
    bool found_ = false;
    std::uint64_t rank_ = unranked;
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
