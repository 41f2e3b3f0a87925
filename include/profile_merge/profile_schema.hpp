// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "profile_merge/detail/config.hpp"
#include "profile_merge/detail/enum_names.hpp"
#include "profile_merge/field_access.hpp"
#include "profile_merge/schema.hpp"

namespace profile_merge {
inline namespace v1 {

/// What a profile member is, which says what PATCH and PUT do with it (section F of
/// docs/rules.md). The six server-managed kinds are never writable; a writable member
/// of the last three is written as below, and a read-only or privileged one is
/// screened (G6) and, by PUT, kept.
enum class profile_field_kind {
    id,           // server-managed: kept; a create gets the context's new_id
    created_at,   // server-managed: kept; a create gets now
    updated_at,   // server-managed: now on a change (G4)
    source,       // server-managed: the query's (U2), or kept by id (U6)
    type,         // server-managed: as source
    user_id,      // server-managed: kept; a create gets the path's user_id (U3)
    name,         // set by PATCH (P2), replaced by PUT; derived when it has none (NM1)
    attributes,   // merged by PATCH (P3), replaced by PUT (U2)
    identifiers,  // appended to by PATCH (P4, P5), replaced and required by PUT (U2, U5)
};

/// One row of the profile field table.
using profile_field = schema_field<profile_field_kind>;

/// Section F as data: the Zendesk rules, the default of profile_schema.
inline constexpr std::array<profile_field, 9> zendesk_profile_fields{{
    {"id", field_access::read_only, profile_field_kind::id},
    {"created_at", field_access::read_only, profile_field_kind::created_at},
    {"updated_at", field_access::read_only, profile_field_kind::updated_at},
    {"source", field_access::read_only, profile_field_kind::source},
    {"type", field_access::read_only, profile_field_kind::type},
    {"user_id", field_access::read_only, profile_field_kind::user_id},
    {"name", field_access::writable, profile_field_kind::name},
    {"attributes", field_access::writable, profile_field_kind::attributes},
    {"identifiers", field_access::writable, profile_field_kind::identifiers},
}};

/// Whether a kind is one the server manages, which no request writes.
[[nodiscard]] constexpr bool is_server_managed(profile_field_kind kind) noexcept {
    return kind < profile_field_kind::name;
}

template <>
struct schema_rules<profile_field_kind> {
    static constexpr const auto& defaults = zendesk_profile_fields;
    /// Why these rows are no profile table, or "": every kind once, as the member of
    /// its own name (the other rules read members by those names), and no
    /// server-managed kind writable.
    [[nodiscard]] static PROFILE_MERGE_DECL std::string check(const profile_field* rows,
                                                              std::size_t size);
};

/// The profile field table the operations follow (patch_options::schema,
/// put_options::schema). What a table can change is who may write `name`,
/// `attributes` and `identifiers`, and whether a server-managed member is read-only
/// or privileged.
using profile_schema = basic_schema<profile_field_kind>;

namespace detail {
template <>
struct enum_names<profile_field_kind> {
    static constexpr std::array<std::string_view, 9> values{"id",     "created_at", "updated_at",
                                                            "source", "type",       "user_id",
                                                            "name",   "attributes", "identifiers"};
};
static_assert(enum_names<profile_field_kind>::values.size() ==
                  static_cast<std::size_t>(profile_field_kind::identifiers) + 1,
              "one name per profile_field_kind, in enumerator order");
}  // namespace detail

/// A kind's name, which is also the member it is.
[[nodiscard]] constexpr std::string_view to_string(profile_field_kind value) noexcept {
    return detail::enum_to_string(value);
}

}  // namespace v1
}  // namespace profile_merge

#ifdef PROFILE_MERGE_HEADER_ONLY
#include "profile_merge/impl/profile_schema.ipp"
#endif
