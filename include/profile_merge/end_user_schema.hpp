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

/// How a writable end-user member is validated and written (E4-E7); the kind of a
/// read-only or privileged member is not used, and `none` is only for those.
enum class end_user_field_kind {
    none,              // never written (E2, E3)
    name,              // E4: non-blank text
    email,             // E5: never replaces the primary; add_secondary_email
    phone,             // E6: E.164, compacted; phone_changed
    locale_id,         // E7: positive integer
    organization_id,   // E7: integer or null; set_default_organization
    time_zone,         // E7: non-empty string
    remote_photo_url,  // E7: https URL; fetch_remote_photo
    photo,             // E7: null removes; an object is read-only attachment data
};

/// One row of the end-user field table.
using end_user_field = schema_field<end_user_field_kind>;

/// Section E as data: what PUT /api/v2/end_users/{id} does with each member of an
/// end user's own request; the default of end_user_schema.
inline constexpr std::array<end_user_field, 16> zendesk_end_user_fields{{
    {"id", field_access::read_only, end_user_field_kind::none},
    {"url", field_access::read_only, end_user_field_kind::none},
    {"created_at", field_access::read_only, end_user_field_kind::none},
    {"updated_at", field_access::read_only, end_user_field_kind::none},
    {"locale", field_access::read_only, end_user_field_kind::none},
    {"shared_phone_number", field_access::read_only, end_user_field_kind::none},
    {"role", field_access::privileged, end_user_field_kind::none},
    {"verified", field_access::privileged, end_user_field_kind::none},
    {"name", field_access::writable, end_user_field_kind::name},
    {"email", field_access::writable, end_user_field_kind::email},
    {"phone", field_access::writable, end_user_field_kind::phone},
    {"locale_id", field_access::writable, end_user_field_kind::locale_id},
    {"organization_id", field_access::writable, end_user_field_kind::organization_id},
    {"time_zone", field_access::writable, end_user_field_kind::time_zone},
    {"remote_photo_url", field_access::writable, end_user_field_kind::remote_photo_url},
    {"photo", field_access::writable, end_user_field_kind::photo},
}};

template <>
struct schema_rules<end_user_field_kind> {
    static constexpr const auto& defaults = zendesk_end_user_fields;
    /// Why these rows are no end-user table, or "": names non-empty and distinct, and
    /// every writable member of a kind other than `none`.
    [[nodiscard]] static PROFILE_MERGE_DECL std::string check(const end_user_field* rows,
                                                              std::size_t size);
};

/// The end-user field table update_end_user follows (end_user_options::schema). A
/// table may add members (of the kinds above), drop them (they become unknown, G5),
/// and change who may write each.
using end_user_schema = basic_schema<end_user_field_kind>;

namespace detail {
template <>
struct enum_names<end_user_field_kind> {
    static constexpr std::array<std::string_view, 9> values{"none",      "name",
                                                            "email",     "phone",
                                                            "locale_id", "organization_id",
                                                            "time_zone", "remote_photo_url",
                                                            "photo"};
};
static_assert(enum_names<end_user_field_kind>::values.size() ==
                  static_cast<std::size_t>(end_user_field_kind::photo) + 1,
              "one name per end_user_field_kind, in enumerator order");
}  // namespace detail

[[nodiscard]] constexpr std::string_view to_string(end_user_field_kind value) noexcept {
    return detail::enum_to_string(value);
}

}  // namespace v1
}  // namespace profile_merge

#ifdef PROFILE_MERGE_HEADER_ONLY
#include "profile_merge/impl/end_user_schema.ipp"
#endif
