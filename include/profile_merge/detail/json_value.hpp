// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/text.hpp"

// Walks over whole JSON values that stored entities (data from elsewhere, G13) may
// reach: none recurses deeper than the values it is given allow.
namespace profile_merge {
inline namespace v1 {
namespace detail {

// Shared empty values, so that "no such member" can be passed by reference. A
// conditional such as `found ? stored : nlohmann::json()` is a prvalue and would
// deep-copy `stored`; `found ? stored : null_json()` is an lvalue and copies nothing.
[[nodiscard]] inline const nlohmann::json& null_json() {
    static const nlohmann::json value;
    return value;
}
[[nodiscard]] inline const nlohmann::json& empty_object() {
    static const nlohmann::json value = nlohmann::json::object();
    return value;
}

// G4: whether two values serialise to the same compact text. nlohmann's operator==
// equates 1 and 1.0, and -1 and 18446744073709551615 (it compares those as doubles
// once one side is a float or the signs differ); here a number equals only a number
// written the same. Recursion follows the shallower value.
[[nodiscard]] inline bool same_json(const nlohmann::json& a, const nlohmann::json& b) {
    using value_t = nlohmann::json::value_t;
    const value_t ta = a.type();
    const value_t tb = b.type();
    const auto is_integer = [](value_t t) {
        return t == value_t::number_integer || t == value_t::number_unsigned;
    };
    if (is_integer(ta) && is_integer(tb)) {
        if (ta == tb) {
            return ta == value_t::number_integer ? a.get<std::int64_t>() == b.get<std::int64_t>()
                                                 : a.get<std::uint64_t>() == b.get<std::uint64_t>();
        }
        const nlohmann::json& signed_one = ta == value_t::number_integer ? a : b;
        const nlohmann::json& unsigned_one = ta == value_t::number_integer ? b : a;
        const std::int64_t s = signed_one.get<std::int64_t>();
        return s >= 0 && static_cast<std::uint64_t>(s) == unsigned_one.get<std::uint64_t>();
    }
    if (ta != tb) {
        return false;
    }
    switch (ta) {
        case value_t::object: {
            const auto& x = a.get_ref<const nlohmann::json::object_t&>();
            const auto& y = b.get_ref<const nlohmann::json::object_t&>();
            if (x.size() != y.size()) {
                return false;
            }
            for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
                if (i->first != j->first || !same_json(i->second, j->second)) {
                    return false;
                }
            }
            return true;
        }
        case value_t::array: {
            const auto& x = a.get_ref<const nlohmann::json::array_t&>();
            const auto& y = b.get_ref<const nlohmann::json::array_t&>();
            if (x.size() != y.size()) {
                return false;
            }
            for (std::size_t i = 0; i < x.size(); ++i) {
                if (!same_json(x[i], y[i])) {
                    return false;
                }
            }
            return true;
        }
        case value_t::number_float: {
            // Shortest round-trip text: equal values with the same sign of zero; a
            // non-finite double is written as null.
            const double x = a.get<double>();
            const double y = b.get<double>();
            if (!std::isfinite(x) || !std::isfinite(y)) {
                return !std::isfinite(x) && !std::isfinite(y);
            }
            return x == y && std::signbit(x) == std::signbit(y);
        }
        case value_t::string: {
            return same_text(*a.get_ptr<const std::string*>(), *b.get_ptr<const std::string*>());
        }
        default:
            return a == b;  // null, boolean, binary
    }
}

// P3: RFC 7396's MergePatch({}, value): `value` with the null members of its objects
// dropped, at every depth; arrays are values, copied as they are. Recursion follows
// the request, whose depth G9 bounds.
[[nodiscard]] inline nlohmann::json without_null_members(const nlohmann::json& value) {
    if (!value.is_object()) {
        return value;
    }
    nlohmann::json out(nlohmann::json::value_t::object);
    auto& members = out.get_ref<nlohmann::json::object_t&>();
    for (const auto& [key, member] : value.get_ref<const nlohmann::json::object_t&>()) {
        if (!member.is_null()) {
            members.emplace_hint(members.end(), key, without_null_members(member));
        }
    }
    return out;
}

// G3: empties `value` without allocating, so that its destruction then frees only.
// nlohmann's destructor allocates a work stack for any non-empty array or object
// (nlohmann/json issues 4653, 5135), and a bad_alloc there terminates. Children go
// last first, a container once it has no children left. The walk keeps the last
// `remembered` containers it passed through on the call stack; deeper than that, it
// starts again from `value` (each container already emptied is gone by then), so
// any depth is walked without recursion and without the heap.
inline void dispose(nlohmann::json& value) noexcept {
    constexpr std::size_t remembered = 256;
    const auto last_child = [](nlohmann::json& node) noexcept -> nlohmann::json* {
        if (auto* elements = node.get_ptr<nlohmann::json::array_t*>()) {
            return elements->empty() ? nullptr : &elements->back();
        }
        auto* members = node.get_ptr<nlohmann::json::object_t*>();
        return members->empty() ? nullptr : &std::prev(members->end())->second;
    };
    const auto drop_last_child = [](nlohmann::json& node) noexcept {
        if (auto* elements = node.get_ptr<nlohmann::json::array_t*>()) {
            elements->pop_back();
        } else {
            auto* members = node.get_ptr<nlohmann::json::object_t*>();
            members->erase(std::prev(members->end()));
        }
    };
    if (!value.is_structured()) {
        return;
    }
    std::array<nlohmann::json*, remembered> ancestors{};
    std::size_t top = 0;    // ancestors[(top - 1) % remembered] is the parent
    std::size_t known = 0;  // how many of them are remembered
    nlohmann::json* node = &value;
    for (;;) {
        nlohmann::json* child = last_child(*node);
        while (child != nullptr && !(child->is_structured() && !child->empty())) {
            drop_last_child(*node);  // a scalar or an empty container: freed, nothing more
            child = last_child(*node);
        }
        if (child != nullptr) {
            ancestors[top % remembered] = node;
            ++top;
            known = std::min(known + 1, remembered);
            node = child;
            continue;
        }
        if (node == &value) {
            return;  // empty now
        }
        if (known == 0) {
            node = &value;
            top = 0;
            continue;
        }
        --top;
        --known;
        node = ancestors[top % remembered];
    }
}

// A value the library disposes of itself when it goes (G3): a plan's values and
// what an edit displaces are destroyed without allocating, whatever they hold.
class disposing_json {
public:
    disposing_json() = default;  // NOLINT(bugprone-exception-escape): null throws nothing
    // NOLINTNEXTLINE(google-explicit-constructor): a json is what it holds
    disposing_json(nlohmann::json value) noexcept : value_(std::move(value)) {}
    disposing_json(disposing_json&& other) noexcept = default;
    disposing_json& operator=(disposing_json&& other) noexcept {
        dispose(value_);
        value_ = std::move(other.value_);
        return *this;
    }
    disposing_json(const disposing_json&) = delete;
    disposing_json& operator=(const disposing_json&) = delete;
    ~disposing_json() { dispose(value_); }

    [[nodiscard]] nlohmann::json& get() noexcept { return value_; }
    [[nodiscard]] const nlohmann::json& get() const noexcept { return value_; }

private:
    nlohmann::json value_;
};

// A deep copy that does not recurse (nlohmann's copy constructor does): G3 hands a
// caller back its stored entity, whatever its depth.
[[nodiscard]] inline nlohmann::json copy_json(const nlohmann::json& source) {
    if (!source.is_structured()) {
        return source;
    }
    nlohmann::json root(source.type());
    std::vector<std::pair<const nlohmann::json*, nlohmann::json*>> pending{{&source, &root}};
    while (!pending.empty()) {
        const auto [from, to] = pending.back();
        pending.pop_back();
        const auto copy_shallow = [&](const nlohmann::json& child, nlohmann::json& slot) {
            if (child.is_structured()) {
                slot = nlohmann::json(child.type());
                pending.emplace_back(&child, &slot);
            } else {
                slot = child;
            }
        };
        if (from->is_object()) {
            auto& members = to->get_ref<nlohmann::json::object_t&>();
            for (const auto& [key, child] : from->get_ref<const nlohmann::json::object_t&>()) {
                copy_shallow(child, members[key]);  // map nodes do not move
            }
        } else {
            const auto& elements = from->get_ref<const nlohmann::json::array_t&>();
            auto& copies = to->get_ref<nlohmann::json::array_t&>();
            copies.resize(elements.size());  // sized once: the slots do not move
            for (std::size_t i = 0; i < elements.size(); ++i) {
                copy_shallow(elements[i], copies[i]);
            }
        }
    }
    return root;
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
