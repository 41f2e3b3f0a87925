// SPDX-License-Identifier: MIT
// The definitions of profile_merge/end_user_schema.hpp (docs/architecture.md, "Compiling").
#pragma once

#include <string>

#include "profile_merge/end_user_schema.hpp"

namespace profile_merge {
inline namespace v1 {

std::string schema_rules<end_user_field_kind>::check(const end_user_field* rows, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
        const end_user_field& row = rows[i];
        if (row.name.empty()) {
            return "end_user_schema: a row has no name";
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (rows[j].name == row.name) {
                return "end_user_schema: \"" + std::string(row.name) + "\" has more than one row";
            }
        }
        if (static_cast<std::size_t>(row.kind) >=
            detail::enum_names<end_user_field_kind>::values.size()) {
            return "end_user_schema: \"" + std::string(row.name) + "\" has no end_user_field_kind";
        }
        if (row.access == field_access::writable && row.kind == end_user_field_kind::none) {
            return "end_user_schema: \"" + std::string(row.name) +
                   "\" is writable, so it needs a kind that says how it is validated";
        }
    }
    return {};
}

}  // namespace v1
}  // namespace profile_merge
