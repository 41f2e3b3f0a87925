// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/diagnostics.hpp"
#include "profile_merge/detail/entity_editor.hpp"
#include "profile_merge/detail/json_value.hpp"
#include "profile_merge/detail/member_lookup.hpp"
#include "profile_merge/detail/text.hpp"
#include "profile_merge/options.hpp"
#include "profile_merge/policy.hpp"

// P3 and the attribute rules of a policy (PL1-PL5) as a planner: walks a request's
// attributes against the stored ones and the compiled policy, and emits the decided
// writes, each at its own pointer, G4 decided (a member that would keep its value is
// no step), or the errors and ignored members.
namespace profile_merge {
inline namespace v1 {
namespace detail {

// RFC 7396 MergePatch(target, patch) for two objects, member by member; `path` is
// target's pointer (restored on return). `target` is in the entity the editor will
// write (the steps carry where they write). Recursion follows the patch, whose depth
// G9 bounds.
template <class Pointer>  // std::string or pointer_buffer
void plan_merge_members(const nlohmann::json& target, const nlohmann::json& patch,
                        attribute_merge mode, Pointer& path, entity_plan& plan) {
    for (const auto& [key, value] : *patch.get_ptr<const nlohmann::json::object_t*>()) {
        const nlohmann::json* const existing = member_or_null(target, key);
        const std::size_t length = path.size();
        append_pointer_token(path, key);
        if (value.is_null()) {  // null removes; nothing when absent
            plan.remove_if_present(existing, path);
        } else if (!value.is_object()) {
            plan.set_in(&target, existing, path, value);
        } else if (mode == attribute_merge::deep && existing != nullptr && existing->is_object()) {
            plan_merge_members(*existing, value, mode, path, plan);
        } else {
            // A new, non-object or (shallow) replaced member becomes MergePatch({}, value):
            // its null members vanish at every depth. Unwritten, it goes quietly (G3).
            disposing_json merged = without_null_members(value);
            plan.set_in(&target, existing, path, std::move(merged.get()));
        }
        path.resize(length);
    }
}

// PL1: what one member's path resolves to, every property decided.
struct member_rule {
    attribute_mutability mutability = attribute_mutability::read_write;
    null_handling null = null_handling::remove;
    merge_strategy merge = merge_strategy::deep;
    std::uint8_t types = 0;
    const std::string* key = nullptr;  // union_by_key
};

// PL1: the trie nodes whose paths match one member, most specific first (compare
// paths token by token from the left; at the first difference a literal beats `*`).
// Held inline up to a bound, so that a lookup allocates nothing for any usual policy.
class path_matches {
public:
    path_matches() = default;
    explicit path_matches(const compiled_policy* policy) : policy_(policy) {
        if (policy != nullptr) {
            push(0);
        }
    }

    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

    // Whether some path goes below the members matched here.
    [[nodiscard]] bool has_children() const noexcept {
        for (std::size_t i = 0; i < size_; ++i) {
            if (node(i).has_children()) {
                return true;
            }
        }
        return false;
    }

    // The matches of member `name` one level down: for each node in order, its
    // literal child named `name`, then its `*` child.
    [[nodiscard]] path_matches child(std::string_view name) const {
        path_matches next;
        next.policy_ = policy_;
        for (std::size_t i = 0; i < size_; ++i) {
            const path_node& at = node(i);
            // The literal children are in key order: a binary search, one comparison
            // per step.
            std::uint32_t low = at.first_literal;
            std::uint32_t high = at.first_literal + at.literal_count;
            while (low < high) {
                const std::uint32_t middle = low + (high - low) / 2;
                const int order = compare_keys(policy_->nodes[middle].token, name);
                if (order == 0) {
                    next.push(middle);
                    break;
                }
                if (order < 0) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            if (at.wildcard >= 0) {
                next.push(static_cast<std::uint32_t>(at.wildcard));
            }
        }
        return next;
    }

    // The rule of a member matched here, whose parent resolved to `parent`.
    [[nodiscard]] member_rule resolve(const member_rule& parent) const noexcept {
        member_rule rule;
        rule.mutability = parent.mutability;  // inherited unless a path gives it
        rule.null = parent.null;
        bool mutability = false;
        bool null = false;
        bool merge = false;
        bool types = false;
        for (std::size_t i = 0; i < size_; ++i) {
            const path_node& at = node(i);
            if (!at.has_rule) {
                continue;
            }
            const attribute_rule& r = at.rule;
            if (!mutability && r.mutability) {
                rule.mutability = *r.mutability;
                mutability = true;
            }
            if (!null && r.null) {
                rule.null = *r.null;
                null = true;
            }
            if (!merge && r.merge) {
                rule.merge = *r.merge;
                rule.key = &r.key;
                merge = true;
            }
            if (!types && r.types != 0) {
                rule.types = r.types;
                types = true;
            }
        }
        return rule;
    }

private:
    static constexpr std::size_t inline_capacity = 8;

    [[nodiscard]] const path_node& node(std::size_t i) const noexcept {
        return policy_->nodes[i < inline_capacity ? inline_[i] : spilled_[i - inline_capacity]];
    }

    void push(std::uint32_t index) {
        if (size_ < inline_capacity) {
            inline_[size_] = index;
        } else {
            spilled_.push_back(index);
        }
        ++size_;
    }

    const compiled_policy* policy_ = nullptr;
    std::array<std::uint32_t, inline_capacity> inline_{};
    std::vector<std::uint32_t> spilled_;
    std::size_t size_ = 0;
};

// PL5: whether a value is of one of the types (0: any).
[[nodiscard]] inline bool fits_types(const nlohmann::json& value, std::uint8_t types) noexcept {
    if (types == 0) {
        return true;
    }
    switch (value.type()) {
        case nlohmann::json::value_t::string:
            return (types & type_string) != 0;
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
            return (types & (type_number | type_integer)) != 0;
        case nlohmann::json::value_t::number_float:
            return (types & type_number) != 0;
        case nlohmann::json::value_t::boolean:
            return (types & type_boolean) != 0;
        case nlohmann::json::value_t::object:
            return (types & type_object) != 0;
        case nlohmann::json::value_t::array:
            return (types & type_array) != 0;
        default:
            return false;
    }
}

[[nodiscard]] inline std::string type_list(std::uint8_t types) {
    static constexpr std::array<std::pair<std::uint8_t, std::string_view>, 6> names{
        {{type_string, "a string"},
         {type_number, "a number"},
         {type_integer, "an integer"},
         {type_boolean, "a boolean"},
         {type_object, "an object"},
         {type_array, "an array"}}};
    std::string out;
    for (const auto& [bit, name] : names) {
        if ((types & bit) != 0) {
            out += out.empty() ? "" : " or ";
            out += name;
        }
    }
    return out;
}

// An integer as a sign and a magnitude, which holds every JSON integer (N2's range).
struct signed_magnitude {
    bool negative = false;
    std::uint64_t magnitude = 0;

    [[nodiscard]] static signed_magnitude of(const nlohmann::json& n) {
        if (n.is_number_unsigned()) {
            return {false, n.get<std::uint64_t>()};
        }
        const std::int64_t v = n.get<std::int64_t>();
        return v < 0 ? signed_magnitude{true, std::uint64_t{0} - static_cast<std::uint64_t>(v)}
                     : signed_magnitude{false, static_cast<std::uint64_t>(v)};
    }
};

// PL3 increment: the stored number plus the request's, or nullopt when the sum has
// no exact JSON number (out of -2^63..2^64-1 for integers, not finite for doubles).
[[nodiscard]] inline std::optional<nlohmann::json> add_numbers(const nlohmann::json& stored,
                                                               const nlohmann::json& by) {
    if (stored.is_number_integer() && by.is_number_integer()) {
        const signed_magnitude a = signed_magnitude::of(stored);
        const signed_magnitude b = signed_magnitude::of(by);
        signed_magnitude sum;
        if (a.negative == b.negative) {
            sum = {a.negative, a.magnitude + b.magnitude};
            if (sum.magnitude < a.magnitude) {
                return std::nullopt;  // past 2^64 - 1 (or below -2^64)
            }
        } else if (a.magnitude >= b.magnitude) {
            sum = {a.negative, a.magnitude - b.magnitude};
        } else {
            sum = {b.negative, b.magnitude - a.magnitude};
        }
        constexpr std::uint64_t most_negative = std::uint64_t{1} << 63U;
        if (sum.negative && sum.magnitude > most_negative) {
            return std::nullopt;  // below -2^63
        }
        if (sum.negative && sum.magnitude != 0) {
            return nlohmann::json(sum.magnitude == most_negative
                                      ? std::numeric_limits<std::int64_t>::min()
                                      : -static_cast<std::int64_t>(sum.magnitude));
        }
        return nlohmann::json(sum.magnitude);
    }
    const double sum = stored.get<double>() + by.get<double>();
    if (!std::isfinite(sum)) {
        return std::nullopt;
    }
    return nlohmann::json(sum);
}

// The attribute planner of one operation: PATCH's (P3 under PL1-PL5) and PUT's
// (PL7). Paths are the entity's ("/attributes/..."); the request's pointer of a
// member is "/profile" and its path.
class attribute_planner {
public:
    attribute_planner(const compiled_policy* policy, bool trusted, read_only_policy read_only,
                      attribute_merge mode, entity_plan& plan, diagnostics& found)
        : policy_(policy != nullptr && policy->nodes.front().has_children() ? policy : nullptr),
          unknown_(policy != nullptr ? policy->unknown_attributes
                                     : unknown_attribute_policy::allow),
          trusted_(trusted),
          read_only_(read_only),
          mode_(mode),
          plan_(plan),
          found_(found) {}

    // P3, F1: a PATCH's `attributes` (an object, or null to clear them to {}) on the
    // stored member (nullptr when absent).
    void patch(const nlohmann::json* stored, const nlohmann::json& request) {
        path_ = "/attributes";
        const path_matches root(policy_);
        if (request.is_null()) {  // PL2: protected members survive
            std::optional<nlohmann::json> kept;
            if (stored != nullptr && stored->is_object()) {
                kept = protected_members(*stored, root, member_rule{}, nullptr);
            }
            plan_.set_unless_same(stored, path_,
                                  kept ? std::move(*kept) : nlohmann::json::object());
            return;
        }
        if (stored == nullptr || !stored->is_object()) {  // MergePatch(absent, patch): one change
            std::optional<nlohmann::json> built = build(request, root, member_rule{}, true);
            if (built) {
                plan_.set(path_, stored != nullptr, std::move(*built));
            }
            return;
        }
        if (policy_ == nullptr && unknown_ == unknown_attribute_policy::allow) {
            plan_merge_members(*stored, request, mode_, path_, plan_);  // the Zendesk rules
            return;
        }
        merge_members(*stored, request, root, member_rule{}, true);
    }

    // PL7: the attributes of a PUT's result, from the body's (an object; nullptr when
    // absent or null) and the stored ones (nullptr when none): values as sent, but
    // protected members kept as stored, unknown ones handled (PL5), types and `null:
    // reject` checked. Errors go to the diagnostics.
    [[nodiscard]] nlohmann::json put(const nlohmann::json* stored, const nlohmann::json* request) {
        path_ = "/attributes";
        if (stored != nullptr && !stored->is_object()) {
            stored = nullptr;
        }
        if (policy_ == nullptr && unknown_ == unknown_attribute_policy::allow) {
            return request != nullptr ? *request : nlohmann::json::object();  // U2
        }
        const path_matches root(policy_);
        return put_object(stored, request != nullptr ? *request : empty_object(), root,
                          member_rule{}, true);
    }

private:
    [[nodiscard]] std::string request_pointer() const {
        return std::string("/profile").append(path_.view());
    }

    // PL7 for one object: the body's members as sent, under the rules, and the
    // protected members of `stored` (an object, or nullptr) that the body lacks.
    [[nodiscard]] nlohmann::json put_object(const nlohmann::json* stored,
                                            const nlohmann::json& body, const path_matches& matches,
                                            const member_rule& parent, bool top) {
        nlohmann::json out(nlohmann::json::value_t::object);
        for (const auto& [key, value] : body.get_ref<const nlohmann::json::object_t&>()) {
            const std::size_t length = path_.size();
            append_pointer_token(path_, key);
            if (!top || admit_top_level(key, matches)) {
                const path_matches below = matches.child(key);
                const member_rule rule = below.resolve(parent);
                const nlohmann::json* kept =
                    stored != nullptr ? member_or_null(*stored, key) : nullptr;
                if (std::optional<nlohmann::json> v = put_member(kept, value, below, rule)) {
                    out[key] = std::move(*v);
                }
            }
            path_.resize(length);
        }
        if (stored != nullptr && !trusted_) {
            for (const auto& [key, value] : stored->get_ref<const nlohmann::json::object_t&>()) {
                if (member_or_null(body, key) != nullptr) {
                    continue;
                }
                const path_matches below = matches.child(key);
                const member_rule rule = below.resolve(parent);
                if (is_protected(rule, true)) {
                    out[key] = value;
                } else if (value.is_object()) {
                    if (auto kept = protected_members(value, below, rule, nullptr)) {
                        out[key] = std::move(*kept);
                    }
                }
            }
        }
        return out;
    }

    // One body member of a PUT on its stored value (nullptr when absent): what the
    // result holds there, or nullopt for nothing.
    [[nodiscard]] std::optional<nlohmann::json> put_member(const nlohmann::json* stored,
                                                           const nlohmann::json& value,
                                                           const path_matches& matches,
                                                           const member_rule& rule) {
        if (is_protected(rule, stored != nullptr)) {  // PL2: kept as stored
            screen(stored, value, reason_of(rule));
            return stored != nullptr ? std::optional<nlohmann::json>(*stored) : std::nullopt;
        }
        if (value.is_null()) {  // PL4: taken as sent, unless refused
            if (rule.null == null_handling::reject) {
                plan_null(nullptr, nullptr, matches, rule);
            }
            return nlohmann::json();
        }
        if (!fits_types(value, rule.types)) {
            fail_type(value, rule.types);
            return std::nullopt;
        }
        const nlohmann::json* stored_object =
            stored != nullptr && stored->is_object() ? stored : nullptr;
        if (value.is_object() && !matches.empty() && matches.has_children()) {
            return put_object(stored_object, value, matches, rule, false);
        }
        if (!value.is_object() && stored_object != nullptr) {
            ignore_reason reason{};
            if (auto kept = protected_members(*stored_object, matches, rule, &reason)) {
                screen(stored, value, reason);  // PL2: it holds only its protected members
                return kept;
            }
        }
        return value;
    }

    // PL5: whether a top-level member is known, else what happens to it.
    [[nodiscard]] bool admit_top_level(const std::string& key, const path_matches& root) {
        if (unknown_ == unknown_attribute_policy::allow || !root.child(key).empty()) {
            return true;
        }
        if (unknown_ == unknown_attribute_policy::ignore) {
            found_.ignore(request_pointer(), ignore_reason::unknown_field);
        } else {
            found_.fail(error_code::unknown_attribute, request_pointer(),
                        PROFILE_MERGE_PATTERN("{} is not an attribute this service knows."),
                        brief_label(request_pointer()));
        }
        return false;
    }

    // The request members of an object patch on the stored object `target`.
    void merge_members(const nlohmann::json& target, const nlohmann::json& patch,
                       const path_matches& matches, const member_rule& parent, bool top) {
        for (const auto& [key, value] : *patch.get_ptr<const nlohmann::json::object_t*>()) {
            const std::size_t length = path_.size();
            append_pointer_token(path_, key);
            if (!top || admit_top_level(key, matches)) {
                const path_matches below = matches.child(key);
                member_rule rule = below.resolve(parent);
                if (top && mode_ == attribute_merge::shallow && below.empty()) {
                    rule.merge = merge_strategy::replace;  // P3's shallow option
                }
                plan_member(target, member_or_null(target, key), value, below, rule);
            }
            path_.resize(length);
        }
    }

    // PL2: a member a client may not write (always false when trusted).
    [[nodiscard]] bool is_protected(const member_rule& rule, bool present) const noexcept {
        return !trusted_ && (rule.mutability == attribute_mutability::server_managed ||
                             (rule.mutability == attribute_mutability::write_once && present));
    }

    [[nodiscard]] static ignore_reason reason_of(const member_rule& rule) noexcept {
        return rule.mutability == attribute_mutability::write_once ? ignore_reason::write_once
                                                                   : ignore_reason::read_only;
    }

    // PL2, G6: a value sent to a protected member: ignored, or refused when it differs
    // and read_only is reject.
    void screen(const nlohmann::json* existing, const nlohmann::json& value, ignore_reason reason) {
        const bool differs = existing == nullptr || !same_json(*existing, value);
        if (read_only_ == read_only_policy::reject && differs) {
            found_.fail(error_code::read_only_field, request_pointer(),
                        PROFILE_MERGE_PATTERN("{} is read-only and cannot be changed."),
                        brief_label(request_pointer()));
        } else {
            found_.ignore(request_pointer(), reason);
        }
    }

    // One request member at path_ on its stored value (nullptr when absent), a member
    // of `parent`; both are in the entity the editor writes (plan_merge_members).
    void plan_member(const nlohmann::json& parent, const nlohmann::json* existing,
                     const nlohmann::json& value, const path_matches& matches,
                     const member_rule& rule) {
        if (is_protected(rule, existing != nullptr)) {  // PL2 before anything else
            screen(existing, value, reason_of(rule));
            return;
        }
        if (value.is_null()) {
            plan_null(&parent, existing, matches, rule);
            return;
        }
        if (!fits_types(value, rule.types)) {  // PL5
            fail_type(value, rule.types);
            return;
        }
        switch (rule.merge) {
            case merge_strategy::deep:
                if (value.is_object() && existing != nullptr && existing->is_object() &&
                    !(mode_ == attribute_merge::shallow && matches.empty())) {
                    merge_members(*existing, value, matches, rule, false);
                    return;
                }
                if (existing != nullptr && existing->is_object() && !value.is_object()) {
                    ignore_reason reason{};
                    if (protected_members(*existing, matches, rule, &reason)) {
                        // PL2: a protected member survives a non-object at its ancestor.
                        screen(existing, value, reason);
                        return;
                    }
                }
                if (!value.is_object()) {  // as sent: copied only when it is written (G4)
                    plan_.set_in(&parent, existing, path_, value);
                } else if (std::optional<nlohmann::json> built =
                               build(value, matches, rule, false)) {
                    plan_.set_in(&parent, existing, path_, std::move(*built));
                }
                return;
            case merge_strategy::replace: {
                disposing_json whole = without_null_members(value);
                plan_.set_in(&parent, existing, path_, std::move(whole.get()));
                return;
            }
            case merge_strategy::set_union:
                plan_union(existing, value);
                return;
            case merge_strategy::union_by_key:
                plan_union_by_key(existing, value, *rule.key);
                return;
            case merge_strategy::increment:
                plan_increment(existing, value);
                return;
        }
    }

    // PL4: null at the path itself; `parent` holds `existing` in the entity the editor
    // writes, or is nullptr (a PUT's, which plans no steps).
    void plan_null(const nlohmann::json* parent, const nlohmann::json* existing,
                   const path_matches& matches, const member_rule& rule) {
        switch (rule.null) {
            case null_handling::reject:
                found_.fail(error_code::invalid_value, request_pointer(),
                            PROFILE_MERGE_PATTERN("{} cannot be null."),
                            brief_label(request_pointer()));
                return;
            case null_handling::store:
                plan_.set_in(parent, existing, path_, nlohmann::json());
                return;
            case null_handling::remove:
                if (existing != nullptr && existing->is_object()) {
                    if (auto kept = protected_members(*existing, matches, rule, nullptr)) {
                        plan_.set_in(parent, existing, path_, std::move(*kept));  // PL2
                        return;
                    }
                }
                plan_.remove_if_present(existing, path_);
                return;
        }
    }

    void fail_type(const nlohmann::json& value, std::uint8_t types) {
        found_.fail(error_code::invalid_type, request_pointer(),
                    PROFILE_MERGE_PATTERN("{} must be {}, not {}."), brief_label(request_pointer()),
                    type_list(types), json_type_name(value));
    }

    // PL2: the protected members inside a stored object, as an object of them alone
    // (nullopt when there is none); `first` gets the reason of the first in stored order.
    [[nodiscard]] std::optional<nlohmann::json> protected_members(const nlohmann::json& stored,
                                                                  const path_matches& matches,
                                                                  const member_rule& parent,
                                                                  ignore_reason* first) const {
        if (trusted_ || matches.empty() || !matches.has_children()) {
            return std::nullopt;  // mutability comes from paths: none below, none protected
        }
        std::optional<nlohmann::json> kept;
        for (const auto& [key, value] : stored.get_ref<const nlohmann::json::object_t&>()) {
            const path_matches below = matches.child(key);
            const member_rule rule = below.resolve(parent);
            std::optional<nlohmann::json> keep;
            if (is_protected(rule, true)) {
                keep = value;
                if (first != nullptr && !kept) {
                    *first = reason_of(rule);
                }
            } else if (value.is_object()) {
                keep = protected_members(value, below, rule, kept ? nullptr : first);
            }
            if (keep) {
                if (!kept) {
                    kept = nlohmann::json::object();
                }
                (*kept)[key] = std::move(*keep);
            }
        }
        return kept;
    }

    // The value a member written whole gets: MergePatch({}, value) under the rules of
    // the paths below it (PL2-PL5), reported as needed; nullopt when an error was found.
    [[nodiscard]] std::optional<nlohmann::json> build(const nlohmann::json& value,
                                                      const path_matches& matches,
                                                      const member_rule& parent, bool top) {
        if (!value.is_object()) {
            return value;
        }
        if ((matches.empty() || !matches.has_children()) &&
            !(top && unknown_ != unknown_attribute_policy::allow)) {
            return without_null_members(value);
        }
        const std::size_t errors = found_.errors.size() + found_.errors_omitted;
        nlohmann::json out(nlohmann::json::value_t::object);
        for (const auto& [key, member] : value.get_ref<const nlohmann::json::object_t&>()) {
            const std::size_t length = path_.size();
            append_pointer_token(path_, key);
            if (!top || admit_top_level(key, matches)) {
                const path_matches below = matches.child(key);
                const member_rule rule = below.resolve(parent);
                if (std::optional<nlohmann::json> v = build_member(member, below, rule)) {
                    out[key] = std::move(*v);
                }
            }
            path_.resize(length);
        }
        if (found_.errors.size() + found_.errors_omitted != errors) {
            return std::nullopt;
        }
        return out;
    }

    // One member of a value written whole (nothing stored below it): its value, or
    // nullopt when it has none.
    [[nodiscard]] std::optional<nlohmann::json> build_member(const nlohmann::json& value,
                                                             const path_matches& matches,
                                                             const member_rule& rule) {
        if (is_protected(rule, false)) {  // server-managed; an absent write-once is open
            screen(nullptr, value, reason_of(rule));
            return std::nullopt;
        }
        if (value.is_null()) {
            if (rule.null == null_handling::reject) {
                plan_null(nullptr, nullptr, matches, rule);
            }
            return rule.null == null_handling::store ? std::optional<nlohmann::json>(nullptr)
                                                     : std::nullopt;
        }
        if (!fits_types(value, rule.types)) {
            fail_type(value, rule.types);
            return std::nullopt;
        }
        switch (rule.merge) {
            case merge_strategy::deep:
                return build(value, matches, rule, false);
            case merge_strategy::replace:
                return without_null_members(value);
            case merge_strategy::set_union:
                if (auto elements = union_elements(nullptr, value)) {
                    return std::move(elements->first);
                }
                return std::nullopt;
            case merge_strategy::union_by_key:
                return keyed_union(nullptr, value, *rule.key).first;
            case merge_strategy::increment:
                return increment(nullptr, value);
        }
        return std::nullopt;
    }

    // PL3 union: the array the member becomes, and whether it is the stored one with
    // elements appended (else a new array); nullopt when the request is not an array.
    [[nodiscard]] std::optional<std::pair<nlohmann::json, bool>> union_elements(
        const nlohmann::json* existing, const nlohmann::json& value) {
        if (!value.is_array()) {
            fail_type(value, type_array);
            return std::nullopt;
        }
        const bool appends = existing != nullptr && existing->is_array();
        nlohmann::json added(nlohmann::json::value_t::array);
        const auto held = [](const nlohmann::json& array, const nlohmann::json& element) {
            return std::any_of(array.begin(), array.end(),
                               [&](const nlohmann::json& e) { return same_json(e, element); });
        };
        for (const nlohmann::json& element : value) {
            if (!(appends && held(*existing, element)) && !held(added, element)) {
                added.push_back(element);
            }
        }
        return std::make_pair(std::move(added), appends);
    }

    void plan_union(const nlohmann::json* existing, const nlohmann::json& value) {
        auto elements = union_elements(existing, value);
        if (!elements) {
            return;
        }
        if (!elements->second) {
            plan_.set_unless_same(existing, path_, std::move(elements->first));
        } else if (!elements->first.empty()) {
            plan_.append(path_, existing->size(), std::move(elements->first));
        }
    }

    // PL3 union_by_key: checks every element of the request, then merges them into the
    // stored array (or none); the result and its report, nullopt on an error.
    [[nodiscard]] std::pair<std::optional<nlohmann::json>, change_list> keyed_union(
        const nlohmann::json* existing, const nlohmann::json& value, const std::string& key) {
        if (!value.is_array()) {
            fail_type(value, type_array);
            return {};
        }
        bool valid = true;
        for (std::size_t i = 0; i < value.size(); ++i) {
            const nlohmann::json& element = value[i];
            const std::string at = pointer_append(request_pointer(), i);
            if (!element.is_object()) {
                found_.fail(error_code::invalid_type, at,
                            PROFILE_MERGE_PATTERN("{} must be an object, not {}."), brief_label(at),
                            json_type_name(element));
                valid = false;
                continue;
            }
            const nlohmann::json* id = member_or_null(element, key);
            if (id == nullptr) {
                found_.fail(error_code::missing_required, pointer_append(at, key),
                            PROFILE_MERGE_PATTERN("{} needs its key member `{}`."), brief_label(at),
                            to_well_formed_utf8(key));
                valid = false;
            } else if (!id->is_string() && !id->is_number_integer()) {
                found_.fail(error_code::invalid_type, pointer_append(at, key),
                            PROFILE_MERGE_PATTERN("{} must be a string or an integer, not {}."),
                            brief_label(pointer_append(at, key)), json_type_name(*id));
                valid = false;
            }
        }
        if (!valid) {
            return {};
        }
        const bool merges = existing != nullptr && existing->is_array();
        nlohmann::json result = merges ? *existing : nlohmann::json::array();
        const std::size_t stored_count = merges ? existing->size() : 0;
        for (const nlohmann::json& element : value) {
            const nlohmann::json& id = element[key];
            auto match = std::find_if(result.begin(), result.end(), [&](const nlohmann::json& e) {
                const nlohmann::json* k = member_or_null(e, key);
                return k != nullptr && same_json(*k, id);
            });
            if (match != result.end()) {
                match->merge_patch(element);  // RFC 7396
            } else {
                result.push_back(without_null_members(element));
            }
        }
        change_list changes;
        if (merges) {
            for (std::size_t i = 0; i < stored_count; ++i) {
                std::string at = pointer_append(path_, i);
                if ((*existing)[i].is_object() && result[i].is_object()) {
                    entity_plan::diff_objects((*existing)[i], result[i], at, changes);
                } else if (!same_json((*existing)[i], result[i])) {
                    changes.push_back(change_op::replace, at);
                }
            }
            for (std::size_t i = stored_count; i < result.size(); ++i) {
                changes.push_back(change_op::append, pointer_append(path_, i));
            }
        }
        return {std::move(result), std::move(changes)};
    }

    void plan_union_by_key(const nlohmann::json* existing, const nlohmann::json& value,
                           const std::string& key) {
        auto [result, changes] = keyed_union(existing, value, key);
        if (!result) {
            return;
        }
        if (existing == nullptr || !existing->is_array()) {
            plan_.set_unless_same(existing, path_, std::move(*result));
        } else if (!changes.empty()) {
            plan_.replace_member(path_, std::move(*result), changes);
        }
    }

    // PL3 increment: the new value, or nullopt with the error recorded.
    [[nodiscard]] std::optional<nlohmann::json> increment(const nlohmann::json* existing,
                                                          const nlohmann::json& value) {
        if (!value.is_number()) {
            fail_type(value, type_number);
            return std::nullopt;
        }
        const nlohmann::json zero = 0;
        const nlohmann::json& base = existing == nullptr || existing->is_null() ? zero : *existing;
        if (!base.is_number()) {
            found_.fail(error_code::invalid_value, request_pointer(),
                        PROFILE_MERGE_PATTERN("{} counts up a number, but the stored value is {}."),
                        brief_label(request_pointer()), json_type_name(base));
            return std::nullopt;
        }
        std::optional<nlohmann::json> sum = add_numbers(base, value);
        if (!sum) {
            found_.fail(error_code::invalid_value, request_pointer(),
                        PROFILE_MERGE_PATTERN("{} would be out of the range of a JSON number this "
                                              "service stores."),
                        brief_label(request_pointer()));
        }
        return sum;
    }

    void plan_increment(const nlohmann::json* existing, const nlohmann::json& value) {
        if (std::optional<nlohmann::json> sum = increment(existing, value)) {
            plan_.set_unless_same(existing, path_, std::move(*sum));
        }
    }

    const compiled_policy* policy_;  // nullptr: no attribute rules
    unknown_attribute_policy unknown_;
    bool trusted_;
    read_only_policy read_only_;
    attribute_merge mode_;
    entity_plan& plan_;
    diagnostics& found_;
    pointer_buffer path_;
};

// P3, F1: the writes of a PATCH's `attributes` on the stored member (nullptr when
// absent), under the options' merge mode and the policy's rules.
inline void plan_attributes_patch(const nlohmann::json* stored, const nlohmann::json& request,
                                  const compiled_policy* policy, bool trusted,
                                  read_only_policy read_only, attribute_merge mode,
                                  entity_plan& plan, diagnostics& found) {
    attribute_planner planner(policy, trusted, read_only, mode, plan, found);
    planner.patch(stored, request);
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
