// SPDX-License-Identifier: MIT
#pragma once

#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

namespace profile_merge {
inline namespace v1 {
namespace detail {

// A basic_json other than nlohmann::json (ordered_json, or one with other number or
// string types). Its objects are not the sorted maps the rules read, and passing one
// where nlohmann::json is taken would convert it silently, deep-copying it and
// losing its member order; the operations refuse it at compile time instead.
template <class T, class = void>
struct is_other_basic_json : std::false_type {};
template <class T>
struct is_other_basic_json<
    T, std::void_t<typename T::object_t, typename T::array_t, typename T::value_t,
                   decltype(std::declval<const T&>().is_discarded())>>
    : std::bool_constant<!std::is_same_v<T, nlohmann::json>> {};

template <class... Args>
inline constexpr bool any_other_basic_json = (is_other_basic_json<std::decay_t<Args>>::value ||
                                              ...);

template <class...>
inline constexpr bool dependent_false = false;

// Declares `name` for argument lists holding another basic_json: an exact match, so
// it wins over the conversion to nlohmann::json, and it does not compile.
#define PROFILE_MERGE_DETAIL_REFUSE_OTHER_JSON(name)                                           \
    template <class... Args, std::enable_if_t<detail::any_other_basic_json<Args...>, int> = 0> \
    operation_result name(Args&&...) {                                                         \
        static_assert(detail::dependent_false<Args...>,                                        \
                      "profile_merge works on nlohmann::json; convert another basic_json "     \
                      "(ordered_json...) explicitly, nlohmann::json j = other; member "        \
                      "order is not kept");                                                    \
        return {};                                                                             \
    }

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
