// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/config.hpp"
#include "profile_merge/identifier.hpp"
#include "profile_merge/normalize.hpp"
#include "profile_merge/options.hpp"

namespace profile_merge {
inline namespace v1 {

/// N3: a set of identifiers keyed by type and normalised value; linear-time
/// de-duplication for P4 and U2, however many identifiers a profile has.
class identifier_set {
public:
    identifier_set() = default;

    /// Builds the set of a stored `identifiers` array (malformed elements are skipped),
    /// each value normalised as N1 or the policy says (PL6).
    PROFILE_MERGE_DECL explicit identifier_set(const nlohmann::json& identifiers,
                                               const policy& rules = {});

    /// Adds an identifier whose value is already normalised; false when it was there.
    bool insert(std::string_view type, std::string_view normalized_value) {
        return keys_.insert(key(type, normalized_value)).second;
    }

    [[nodiscard]] bool contains(std::string_view type, std::string_view normalized_value) const {
        return keys_.count(key(type, normalized_value)) != 0;
    }

    [[nodiscard]] std::size_t size() const noexcept { return keys_.size(); }

private:
    // Length-prefixed, so ("ab", "c") and ("a", "bc") never collide.
    [[nodiscard]] static std::string key(std::string_view type, std::string_view value) {
        std::string out = std::to_string(type.size());
        out.reserve(out.size() + 1 + type.size() + value.size());
        out.push_back(':');
        out.append(type);
        out.append(value);
        return out;
    }

    std::unordered_set<std::string> keys_;
};

/// P4: the identifiers of `incoming` that `stored` (a stored identifiers array)
/// lacks, in request order, repeats collapsed. Linear in both sizes.
[[nodiscard]] PROFILE_MERGE_DECL std::vector<identifier> identifiers_to_append(
    const nlohmann::json& stored, const std::vector<identifier>& incoming,
    const policy& rules = {});

/// U2: identifiers normalised and de-duplicated, in their order.
[[nodiscard]] PROFILE_MERGE_DECL std::vector<identifier> deduplicate_identifiers(
    std::vector<identifier> identifiers);

}  // namespace v1
}  // namespace profile_merge

#ifdef PROFILE_MERGE_HEADER_ONLY
#include "profile_merge/impl/identifiers.ipp"
#endif
