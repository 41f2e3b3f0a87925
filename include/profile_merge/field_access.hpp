// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "profile_merge/detail/enum_names.hpp"

namespace profile_merge {
inline namespace v1 {

/// Who may write a field: the column every entity's field table starts with.
enum class field_access {
    writable,
    read_only,   // G6: ignored and reported, or rejected when it differs
    privileged,  // E3: never written by the requester; ignored or forbidden
};

namespace detail {
template <>
struct enum_names<field_access> {
    static constexpr std::array<std::string_view, 3> values{"writable", "read_only", "privileged"};
};
static_assert(enum_names<field_access>::values.size() ==
                  static_cast<std::size_t>(field_access::privileged) + 1,
              "one name per field_access, in enumerator order");
}  // namespace detail

/// "writable", "read_only" or "privileged"; option_from_string<field_access> reads them.
[[nodiscard]] constexpr std::string_view to_string(field_access value) noexcept {
    return detail::enum_to_string(value);
}

}  // namespace v1
}  // namespace profile_merge
