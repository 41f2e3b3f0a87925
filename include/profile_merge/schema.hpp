// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "profile_merge/detail/text.hpp"
#include "profile_merge/field_access.hpp"

namespace profile_merge {
inline namespace v1 {

/// One row of an entity's field table: a member, who may write it, and its kind,
/// which says what the operations do with it.
template <class Kind>
struct schema_field {
    std::string_view name;
    field_access access;
    Kind kind;
};

/// What each entity's table must satisfy, and its default rows (specialised by
/// profile_schema.hpp and end_user_schema.hpp).
template <class Kind>
struct schema_rules;

/// An entity's field table as a value the caller holds. The default is the Zendesk
/// rules (a constexpr table, viewed, nothing allocated); a table built from rows owns
/// a copy of them, names included, and its copies share that immutable copy. The
/// constructor throws std::invalid_argument, saying why, for rows the entity's rules
/// refuse; the operations never throw for a schema.
template <class Kind>
class basic_schema {
public:
    using field = schema_field<Kind>;

    /// The Zendesk rules.
    basic_schema() noexcept
        : rows_(schema_rules<Kind>::defaults.data()), size_(schema_rules<Kind>::defaults.size()) {}

    /// A table of these rows, in this order; their names are copied.
    explicit basic_schema(const std::vector<field>& rows) {
        std::string why = schema_rules<Kind>::check(rows.data(), rows.size());
        if (!why.empty()) {
            throw std::invalid_argument(why);
        }
        auto owned = std::make_shared<storage>();
        std::size_t bytes = 0;
        for (const field& row : rows) {
            bytes += row.name.size();
        }
        owned->names.reserve(bytes);  // never reallocated: the rows view it
        owned->rows.reserve(rows.size());
        for (const field& row : rows) {
            const std::size_t at = owned->names.size();
            owned->names.append(row.name);
            owned->rows.push_back(
                {std::string_view(owned->names).substr(at, row.name.size()), row.access, row.kind});
        }
        rows_ = owned->rows.data();
        size_ = owned->rows.size();
        owner_ = std::move(owned);
    }

    /// The row of a member, or nullptr: the operations ignore an unknown member (G5).
    [[nodiscard]] const field* find(std::string_view name) const noexcept {
        for (const field& row : *this) {
            if (detail::same_text(row.name, name)) {
                return &row;
            }
        }
        return nullptr;
    }

    /// The row of a kind, or nullptr.
    [[nodiscard]] const field* find(Kind kind) const noexcept {
        for (const field& row : *this) {
            if (row.kind == kind) {
                return &row;
            }
        }
        return nullptr;
    }

    /// The same table with one member's access changed; throws std::invalid_argument
    /// for a member the table does not have, or an access its kind does not allow.
    [[nodiscard]] basic_schema with_access(std::string_view name, field_access access) const {
        std::vector<field> rows(begin(), end());
        bool found = false;
        for (field& row : rows) {
            if (row.name == name) {
                row.access = access;
                found = true;
            }
        }
        if (!found) {
            throw std::invalid_argument("the field table has no member \"" + std::string(name) +
                                        "\"");
        }
        return basic_schema(rows);
    }

    [[nodiscard]] const field* begin() const noexcept { return rows_; }
    [[nodiscard]] const field* end() const noexcept { return rows_ + size_; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }

    /// Tables are equal when they have the same rows in the same order.
    friend bool operator==(const basic_schema& a, const basic_schema& b) noexcept {
        if (a.size_ != b.size_) {
            return false;
        }
        for (std::size_t i = 0; i < a.size_; ++i) {
            const field& x = a.rows_[i];
            const field& y = b.rows_[i];
            if (x.name != y.name || x.access != y.access || x.kind != y.kind) {
                return false;
            }
        }
        return true;
    }
    friend bool operator!=(const basic_schema& a, const basic_schema& b) noexcept {
        return !(a == b);
    }

private:
    struct storage {
        std::string names;
        std::vector<field> rows;
    };
    std::shared_ptr<const storage> owner_;  // null for the default, which is static
    const field* rows_;
    std::size_t size_;
};

}  // namespace v1
}  // namespace profile_merge
