// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/config.hpp"
#include "profile_merge/detail/enum_names.hpp"
#include "profile_merge/identifier.hpp"
#include "profile_merge/outcome.hpp"

namespace profile_merge {
inline namespace v1 {

// Effects are what the embedding server must do to the user record after it has
// stored the result entity. The library only decides; the server applies.

/// Deprecated in 0.2: effects carry the one {type, value} type, identifier.
using identity [[deprecated("use identifier")]] = identifier;

/// P5: add an identity (email, phone_number, twitter, facebook, sdk) to the user.
struct add_user_identity {
    std::string type;
    std::string value;
    friend bool operator==(const add_user_identity& a, const add_user_identity& b) {
        return a.type == b.type && a.value == b.value;
    }
};

/// P5: set the user's external_id.
struct set_user_external_id {
    std::string value;
    friend bool operator==(const set_user_external_id& a, const set_user_external_id& b) {
        return a.value == b.value;
    }
};

/// U3: attach a new profile to the user owning one of these identities, or to a
/// new anonymous user with this name.
struct resolve_user {
    std::vector<identifier> identifiers;  // of standard types (N4)
    std::string anonymous_name;
    friend bool operator==(const resolve_user& a, const resolve_user& b) {
        return a.identifiers == b.identifiers && a.anonymous_name == b.anonymous_name;
    }
};

/// E5: add a secondary email identity; the primary address stays.
struct add_secondary_email {
    std::string value;
    friend bool operator==(const add_secondary_email& a, const add_secondary_email& b) {
        return a.value == b.value;
    }
};

/// E6: the phone changed; nullopt when it was removed. The server decides between
/// a direct line and a shared number.
struct phone_changed {
    std::optional<std::string> value;
    friend bool operator==(const phone_changed& a, const phone_changed& b) {
        return a.value == b.value;
    }
};

/// E7: make this the default organisation (nullopt: none); other memberships end.
struct set_default_organization {
    std::optional<std::int64_t> organization_id;
    friend bool operator==(const set_default_organization& a, const set_default_organization& b) {
        return a.organization_id == b.organization_id;
    }
};

/// E7: download the photo at this https URL.
struct fetch_remote_photo {
    std::string url;
    friend bool operator==(const fetch_remote_photo& a, const fetch_remote_photo& b) {
        return a.url == b.url;
    }
};

/// One effect. Visit it with std::visit and a visitor that takes each alternative
/// (an overload set that misses one does not compile), or switch on kind_of(e). The
/// Profiles API emits the first three alternatives, the End Users API the other four
/// (emitted_by), so a server that applies one API's effects handles only those.
using effect =
    std::variant<add_user_identity, set_user_external_id, resolve_user, add_secondary_email,
                 phone_changed, set_default_organization, fetch_remote_photo>;

/// The kind of an effect, in the order of the variant's alternatives.
enum class effect_kind {
    add_user_identity,
    set_user_external_id,
    resolve_user,
    add_secondary_email,
    phone_changed,
    set_default_organization,
    fetch_remote_photo,
};

namespace detail {
template <>
struct enum_names<effect_kind> {
    static constexpr std::array<std::string_view, 7> values{
        "add_user_identity", "set_user_external_id",     "resolve_user",      "add_secondary_email",
        "phone_changed",     "set_default_organization", "fetch_remote_photo"};
};
static_assert(enum_names<effect_kind>::values.size() ==
                  static_cast<std::size_t>(effect_kind::fetch_remote_photo) + 1,
              "one name per effect_kind, in enumerator order");
}  // namespace detail

[[nodiscard]] PROFILE_MERGE_DECL effect_kind kind_of(const effect& e) noexcept;

[[nodiscard]] constexpr std::string_view to_string(effect_kind kind) noexcept {
    return detail::enum_to_string(kind);
}

/// The API whose operations emit effects of this kind.
[[nodiscard]] constexpr api emitted_by(effect_kind kind) noexcept {
    return kind <= effect_kind::resolve_user ? api::profiles : api::end_users;
}

/// The wire form of an effect: `{"kind": ..., <members>}` (docs/conformance.md).
[[nodiscard]] PROFILE_MERGE_DECL nlohmann::json to_json(const effect& e);

// nlohmann's conversion hook, found by ADL: `nlohmann::json j = effect;`.
PROFILE_MERGE_DECL void to_json(nlohmann::json& j, const effect& e);

}  // namespace v1
}  // namespace profile_merge

#ifdef PROFILE_MERGE_HEADER_ONLY
#include "profile_merge/impl/effect.ipp"
#endif
