// SPDX-License-Identifier: MIT
// The definitions of profile_merge/profile_schema.hpp (docs/architecture.md, "Compiling").
#pragma once

#include <array>
#include <string>

#include "profile_merge/profile_schema.hpp"

namespace profile_merge {
inline namespace v1 {

std::string schema_rules<profile_field_kind>::check(const profile_field* rows, std::size_t size) {
    std::array<std::size_t, detail::enum_names<profile_field_kind>::values.size()> seen{};
    for (std::size_t i = 0; i < size; ++i) {
        const profile_field& row = rows[i];
        const auto kind = static_cast<std::size_t>(row.kind);
        if (kind >= seen.size()) {
            return "profile_schema: a row has no profile_field_kind";
        }
        const std::string_view own = to_string(row.kind);
        if (row.name != own) {
            return "profile_schema: the " + std::string(own) + " kind is the member \"" +
                   std::string(own) + "\", not \"" + std::string(row.name) + "\"";
        }
        if (++seen[kind] > 1) {
            return "profile_schema: \"" + std::string(own) + "\" has more than one row";
        }
        if (is_server_managed(row.kind) && row.access == field_access::writable) {
            return "profile_schema: \"" + std::string(own) +
                   "\" is managed by the server and cannot be writable";
        }
    }
    for (std::size_t kind = 0; kind < seen.size(); ++kind) {
        if (seen[kind] == 0) {
            return "profile_schema: \"" +
                   std::string(to_string(static_cast<profile_field_kind>(kind))) + "\" has no row";
        }
    }
    return {};
}

}  // namespace v1
}  // namespace profile_merge
