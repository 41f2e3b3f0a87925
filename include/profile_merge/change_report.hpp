// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "profile_merge/detail/enum_names.hpp"
#include "profile_merge/detail/text.hpp"

namespace profile_merge {
inline namespace v1 {

/// Section R: how one member of the result entity changed.
enum class change_op {
    add,
    replace,
    remove,
    append,  // a new identifier at the end of `identifiers` (P4)
};

/// One change: a JSON Pointer into the result entity, where the new value is read
/// (so the report never copies a value). A value like any other: copy it, keep it.
/// `updated_at` is bookkeeping (G4) and is not reported.
struct change {
    change_op op;
    std::string path;
    friend bool operator==(const change& a, const change& b) {
        return a.op == b.op && a.path == b.path;
    }
    friend bool operator!=(const change& a, const change& b) { return !(a == b); }
};

/// Section R: the changes of one operation, in order.
using change_list = std::vector<change>;

/// Why a request member was ignored (G5, G6, E3).
enum class ignore_reason {
    read_only,
    unknown_field,
    not_permitted,
    write_once,  // PL2: a write-once attribute that is already set
};

/// A request member that did not reach the entity. `pointer` points into the request.
struct ignored_member {
    std::string pointer;
    ignore_reason reason;
    friend bool operator==(const ignored_member& a, const ignored_member& b) {
        return a.pointer == b.pointer && a.reason == b.reason;
    }
};

namespace detail {
template <>
struct enum_names<change_op> {
    static constexpr std::array<std::string_view, 4> values{"add", "replace", "remove", "append"};
};
static_assert(enum_names<change_op>::values.size() ==
                  static_cast<std::size_t>(change_op::append) + 1,
              "one name per change_op, in enumerator order");
template <>
struct enum_names<ignore_reason> {
    static constexpr std::array<std::string_view, 4> values{"read_only", "unknown_field",
                                                            "not_permitted", "write_once"};
};
static_assert(enum_names<ignore_reason>::values.size() ==
                  static_cast<std::size_t>(ignore_reason::write_once) + 1,
              "one name per ignore_reason, in enumerator order");
}  // namespace detail

[[nodiscard]] constexpr std::string_view to_string(change_op op) noexcept {
    return detail::enum_to_string(op);
}

[[nodiscard]] constexpr std::string_view to_string(ignore_reason reason) noexcept {
    return detail::enum_to_string(reason);
}

}  // namespace v1
}  // namespace profile_merge
