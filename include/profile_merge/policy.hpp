// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/config.hpp"
#include "profile_merge/detail/enum_names.hpp"
#include "profile_merge/field_access.hpp"

namespace profile_merge {
inline namespace v1 {

/// PL2: who may write an attribute.
enum class attribute_mutability {
    read_write,      // any request (the default)
    server_managed,  // never a client's request: ignored and reported, or refused
    write_once,      // set while absent; once present, as server_managed
};

/// PL3: what a PATCH does with a non-null request value at a path.
enum class merge_strategy {
    deep,          // RFC 7396 (the default)
    replace,       // the request value whole, its null members dropped
    set_union,     // "union": the request's elements the stored array lacks are appended
    union_by_key,  // objects matched by a key member merge; the others are appended
    increment,     // the stored number plus the request's
};

/// PL4: what a null request value at a path means.
enum class null_handling {
    remove,  // the member goes (RFC 7396, the default)
    reject,  // invalid_value
    store,   // the member is set to null
};

/// PL5: what a top-level attribute that no rule names does.
enum class unknown_attribute_policy { allow, ignore, reject };

/// PL6: whether a request may use an identifier type the policy does not declare.
enum class custom_identifier_policy { allow, reject };

/// One problem of a policy document: where (a JSON Pointer into it) and what.
struct policy_problem {
    std::string pointer;
    std::string message;
    friend bool operator==(const policy_problem& a, const policy_problem& b) {
        return a.pointer == b.pointer && a.message == b.message;
    }
};

/// PL1: a policy document that cannot be loaded; errors() lists every problem. A
/// caller's programming error, never a request's.
class policy_error : public std::invalid_argument {
public:
    explicit policy_error(std::vector<policy_problem> problems)
        : std::invalid_argument(summary(problems)),
          problems_(std::make_shared<const std::vector<policy_problem>>(std::move(problems))) {}

    [[nodiscard]] const std::vector<policy_problem>& errors() const noexcept { return *problems_; }

private:
    static std::string summary(const std::vector<policy_problem>& problems) {
        std::string text = "the policy cannot be loaded:";
        for (const policy_problem& p : problems) {
            text += "\n  ";
            text += p.pointer.empty() ? std::string("(the document)") : p.pointer;
            text += ": ";
            text += p.message;
        }
        return text;
    }
    std::shared_ptr<const std::vector<policy_problem>> problems_;  // copies cannot throw
};

namespace detail {

// PL5: a set of JSON types, one bit each; 0 accepts every type.
enum type_bits : std::uint8_t {
    type_string = 1,
    type_number = 2,  // includes integers
    type_integer = 4,
    type_boolean = 8,
    type_object = 16,
    type_array = 32,
};

// What one path of `attributes` gives; each property may be left out.
struct attribute_rule {
    std::optional<attribute_mutability> mutability;
    std::optional<merge_strategy> merge;
    std::optional<null_handling> null;
    std::uint8_t types = 0;
    std::string key;  // union_by_key
};

// A node of the compiled path trie: one token of one or more paths. Literal children
// are contiguous and sorted by token (found by binary search, without allocating);
// the `*` child is apart.
struct path_node {
    std::string token;
    bool has_rule = false;
    attribute_rule rule;
    std::uint32_t first_literal = 0;
    std::uint32_t literal_count = 0;
    std::int32_t wildcard = -1;
    // Whether some path goes deeper than this node (a member with rules below).
    [[nodiscard]] bool has_children() const noexcept { return literal_count != 0 || wildcard >= 0; }
};

enum class normalize_step { trim, ascii_lower, ascii_upper, e164 };
enum class identifier_effect_kind { identity, external_id, none };

// PL6: one declared identifier type; what it leaves out keeps RULES.md's behaviour.
struct identifier_type_rule {
    std::string type;
    std::optional<std::vector<normalize_step>> normalize;
    std::optional<identifier_effect_kind> effect;
    std::optional<std::string> name;  // the NM1 template
    std::optional<std::uint64_t> rank;
};

// PL9: limits a policy states; each overrides the options' own.
struct policy_limits {
    std::optional<std::size_t> identifiers;
    std::optional<std::size_t> source_length;
    std::optional<std::size_t> type_length;
    std::optional<std::size_t> identifier_type_length;
    std::optional<std::size_t> identifier_value_length;
    std::optional<std::size_t> attribute_depth;
    std::optional<std::size_t> attribute_name_length;
    std::optional<std::size_t> max_errors;

    [[nodiscard]] bool any() const noexcept {
        return identifiers || source_length || type_length || identifier_type_length ||
               identifier_value_length || attribute_depth || attribute_name_length || max_errors;
    }
};

// PL5: one way the result's attributes fail the schema: the result path's tokens
// below `attributes`, and what failed.
struct schema_violation_found {
    std::vector<std::string> path;
    std::string message;
};
using schema_checker = void (*)(const void* schema, const nlohmann::json& attributes,
                                std::vector<schema_violation_found>& out);

// A loaded policy, immutable once built.
// NOLINTNEXTLINE(bugprone-exception-escape): its members' defaults throw nothing
struct compiled_policy {
    nlohmann::json document;
    std::vector<path_node> nodes;  // nodes[0] is the root: the `attributes` object
    unknown_attribute_policy unknown_attributes = unknown_attribute_policy::allow;
    custom_identifier_policy custom_identifier_types = custom_identifier_policy::allow;
    std::vector<identifier_type_rule> identifier_types;  // sorted by type
    policy_limits limits;
    std::array<std::optional<field_access>, 3> fields;  // name, attributes, identifiers
    static constexpr std::array<std::string_view, 3> field_names{"name", "attributes",
                                                                 "identifiers"};
    std::shared_ptr<const void> schema;     // PL5's compiled schema, when there is one
    schema_checker check_schema = nullptr;  // set with it, by the build that compiled it

    [[nodiscard]] const identifier_type_rule* identifier_type(std::string_view type) const {
        for (const identifier_type_rule& rule : identifier_types) {
            if (rule.type == type) {
                return &rule;
            }
        }
        return nullptr;
    }
};

}  // namespace detail

/// A team's rules for profiles as a value (docs/policies.md): immutable, cheap to
/// copy, shared by any number of operations and threads. The default-constructed
/// policy is the Zendesk rules, with nothing allocated; load_policy makes others.
class policy {
public:
    policy() noexcept = default;

    /// The document it was loaded from ({"policy": 1, "entity": "profile"} for the
    /// default).
    [[nodiscard]] PROFILE_MERGE_DECL const nlohmann::json& document() const;

    /// Whether any path of `attributes` has a rule (the planner then reads them).
    [[nodiscard]] bool has_attribute_rules() const noexcept {
        return rules_ != nullptr && rules_->nodes.front().has_children();
    }

    /// The compiled rules; nullptr for the default policy. For the library's planner.
    [[nodiscard]] const detail::compiled_policy* compiled() const noexcept { return rules_.get(); }

    friend PROFILE_MERGE_DECL policy load_policy(const nlohmann::json& document);

private:
    explicit policy(std::shared_ptr<const detail::compiled_policy> rules) noexcept
        : rules_(std::move(rules)) {}
    std::shared_ptr<const detail::compiled_policy> rules_;
};

/// PL1: loads a policy document; throws policy_error listing every problem of it.
/// Any JSON value gives a policy or a policy_error.
[[nodiscard]] PROFILE_MERGE_DECL policy load_policy(const nlohmann::json& document);

/// PL8: the Zendesk policy as a document, every default written out (the text of
/// policies/zendesk.json).
[[nodiscard]] PROFILE_MERGE_DECL std::string_view zendesk_policy_text() noexcept;

/// PL8: the Zendesk policy loaded from that document; it behaves exactly as the
/// default-constructed policy.
[[nodiscard]] PROFILE_MERGE_DECL const policy& zendesk_policy();

namespace detail {
template <>
struct enum_names<attribute_mutability> {
    static constexpr std::array<std::string_view, 3> values{"read_write", "server_managed",
                                                            "write_once"};
};
template <>
struct enum_names<merge_strategy> {
    static constexpr std::array<std::string_view, 5> values{"deep", "replace", "union",
                                                            "union_by_key", "increment"};
};
template <>
struct enum_names<null_handling> {
    static constexpr std::array<std::string_view, 3> values{"remove", "reject", "store"};
};
template <>
struct enum_names<unknown_attribute_policy> {
    static constexpr std::array<std::string_view, 3> values{"allow", "ignore", "reject"};
};
template <>
struct enum_names<custom_identifier_policy> {
    static constexpr std::array<std::string_view, 2> values{"allow", "reject"};
};
template <>
struct enum_names<normalize_step> {
    static constexpr std::array<std::string_view, 4> values{"trim", "ascii_lower", "ascii_upper",
                                                            "e164"};
};
template <>
struct enum_names<identifier_effect_kind> {
    static constexpr std::array<std::string_view, 3> values{"identity", "external_id", "none"};
};
static_assert(enum_names<merge_strategy>::values.size() ==
                  static_cast<std::size_t>(merge_strategy::increment) + 1,
              "one name per merge_strategy, in enumerator order");
}  // namespace detail

[[nodiscard]] constexpr std::string_view to_string(attribute_mutability value) noexcept {
    return detail::enum_to_string(value);
}
[[nodiscard]] constexpr std::string_view to_string(merge_strategy value) noexcept {
    return detail::enum_to_string(value);
}
[[nodiscard]] constexpr std::string_view to_string(null_handling value) noexcept {
    return detail::enum_to_string(value);
}

}  // namespace v1
}  // namespace profile_merge

#ifdef PROFILE_MERGE_HEADER_ONLY
#include "profile_merge/impl/policy.ipp"
#endif
