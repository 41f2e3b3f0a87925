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

#include "profile_merge/detail/enum_names.hpp"
#include "profile_merge/detail/small_buffer.hpp"
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

/// One change, as read from a change_list. `path` is a JSON Pointer into the result
/// entity, where the new value is read, so building the report never copies the
/// stored entity or the request. Its text lives in the list's buffer: like any
/// std::string_view, it is valid while that list is alive and unchanged (moving the
/// list changes it: a short report lives inside the list object).
/// `updated_at` is bookkeeping (G4) and is not reported.
struct change {
    change_op op;
    std::string_view path;
    friend bool operator==(const change& a, const change& b) {
        return a.op == b.op && a.path == b.path;
    }
    friend bool operator!=(const change& a, const change& b) { return !(a == b); }
};

/// Section R: the changes of one operation, in order. All paths share one buffer,
/// and the first few changes and their paths are kept inside the list: the usual
/// report costs no allocation, and a long one a few, not one per change (PATCH
/// builds a report on every write).
class change_list {
public:
    using value_type = change;
    using size_type = std::size_t;
    using difference_type = std::ptrdiff_t;

    /// A random-access iterator that yields changes by value.
    class const_iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = change;
        using difference_type = std::ptrdiff_t;
        using reference = change;
        using pointer = void;

        const_iterator() = default;
        [[nodiscard]] change operator*() const { return (*list_)[index_]; }
        [[nodiscard]] change operator[](difference_type n) const { return *(*this + n); }
        const_iterator& operator++() { return *this += 1; }
        const_iterator operator++(int) { return std::exchange(*this, *this + 1); }
        const_iterator& operator--() { return *this -= 1; }
        const_iterator operator--(int) { return std::exchange(*this, *this - 1); }
        const_iterator& operator+=(difference_type n) {
            index_ = static_cast<size_type>(static_cast<difference_type>(index_) + n);
            return *this;
        }
        const_iterator& operator-=(difference_type n) { return *this += -n; }
        [[nodiscard]] friend const_iterator operator+(const_iterator it, difference_type n) {
            return it += n;
        }
        [[nodiscard]] friend const_iterator operator+(difference_type n, const_iterator it) {
            return it += n;
        }
        [[nodiscard]] friend const_iterator operator-(const_iterator it, difference_type n) {
            return it -= n;
        }
        [[nodiscard]] friend difference_type operator-(const const_iterator& a,
                                                       const const_iterator& b) {
            return static_cast<difference_type>(a.index_) - static_cast<difference_type>(b.index_);
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) {
            return a.index_ == b.index_;
        }
        friend bool operator!=(const const_iterator& a, const const_iterator& b) {
            return a.index_ != b.index_;
        }
        friend bool operator<(const const_iterator& a, const const_iterator& b) {
            return a.index_ < b.index_;
        }
        friend bool operator>(const const_iterator& a, const const_iterator& b) { return b < a; }
        friend bool operator<=(const const_iterator& a, const const_iterator& b) {
            return !(b < a);
        }
        friend bool operator>=(const const_iterator& a, const const_iterator& b) {
            return !(a < b);
        }

    private:
        friend class change_list;
        const_iterator(const change_list* list, size_type index) : list_(list), index_(index) {}
        const change_list* list_ = nullptr;
        size_type index_ = 0;
    };
    using iterator = const_iterator;

    change_list() = default;
    change_list(std::initializer_list<change> changes) {
        for (const change& c : changes) {
            push_back(c);
        }
    }

    [[nodiscard]] size_type size() const noexcept { return entries_.size(); }
    [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
    [[nodiscard]] change operator[](size_type i) const noexcept {
        const entry& e = entries_[i];
        return {e.op, std::string_view(paths_.data() + e.begin, e.size)};
    }
    [[nodiscard]] change front() const noexcept { return (*this)[0]; }
    [[nodiscard]] change back() const noexcept { return (*this)[size() - 1]; }
    [[nodiscard]] const_iterator begin() const noexcept { return {this, 0}; }
    [[nodiscard]] const_iterator end() const noexcept { return {this, size()}; }

    /// Room for `changes` more changes whose paths add up to `path_bytes`.
    void reserve(size_type changes, size_type path_bytes) {
        entries_.reserve(entries_.size() + changes);
        paths_.reserve(paths_.size() + path_bytes);
    }
    void push_back(change_op op, std::string_view path) {
        const size_type begin = paths_.size();
        paths_.append(path.data(), path.size());  // safe when `path` is one of ours
        add_entry(op, begin, path.size());
    }
    void push_back(const change& c) { push_back(c.op, c.path); }
    /// The change at `parent` one token deeper (RFC 6901 escaping), written straight
    /// into the buffer.
    void push_back(change_op op, std::string_view parent, std::string_view token) {
        push_token(op, parent, token);
    }
    void push_back(change_op op, std::string_view parent, std::size_t index) {
        push_token(op, parent, index);
    }
    /// Removes the last change (its path's bytes too).
    void pop_back() noexcept {
        paths_.shrink_to(entries_[entries_.size() - 1].begin);
        entries_.pop_back();
    }
    void clear() noexcept {
        entries_.clear();
        paths_.clear();
    }
    /// The bytes all paths hold together (R2 bounds them).
    [[nodiscard]] size_type path_bytes() const noexcept { return paths_.size(); }

    friend bool operator==(const change_list& a, const change_list& b) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
    }
    friend bool operator!=(const change_list& a, const change_list& b) { return !(a == b); }

private:
    struct entry {
        change_op op;
        size_type begin;
        size_type size;
    };
    template <class Token>
    void push_token(change_op op, std::string_view parent, const Token& token) {
        bool aliased = is_ours(parent);  // the buffer may move as it grows
        if constexpr (std::is_same_v<Token, std::string_view>) {
            aliased = aliased || is_ours(token);
        }
        if (aliased) {
            const std::string parent_copy(parent);
            if constexpr (std::is_same_v<Token, std::string_view>) {
                const std::string token_copy(token);
                push_token(op, parent_copy, std::string_view(token_copy));
            } else {
                push_token(op, parent_copy, token);
            }
            return;
        }
        const size_type begin = paths_.size();
        if constexpr (std::is_same_v<Token, std::string_view>) {
            if (detail::is_plain_pointer_token(token)) {  // the usual key: copied as it is
                const size_type size = parent.size() + 1 + token.size();
                char* const out = paths_.grow_by(size);
                detail::copy_bytes(out, parent.data(), parent.size());
                out[parent.size()] = '/';
                detail::copy_bytes(out + parent.size() + 1, token.data(), token.size());
                add_entry(op, begin, size);
                return;
            }
        }
        paths_.append(parent.data(), parent.size());
        detail::append_pointer_token(paths_, token);
        add_entry(op, begin, paths_.size() - begin);
    }
    // Field by field: an entry built on the stack and copied in is read back as one
    // wide load over narrower stores, which stalls store forwarding (measured).
    void add_entry(change_op op, size_type begin, size_type size) {
        entry* const e = entries_.grow_by(1);
        e->op = op;
        e->begin = begin;
        e->size = size;
    }
    [[nodiscard]] bool is_ours(std::string_view text) const noexcept {
        const std::less_equal<const char*> at_or_before;
        return !text.empty() && at_or_before(paths_.data(), text.data()) &&
               at_or_before(text.data(), paths_.data() + paths_.size());
    }
    // Sized for a PATCH of a few attributes: 4 changes, 128 bytes of paths.
    detail::small_buffer<entry, 4> entries_;
    detail::small_buffer<char, 128> paths_;
};

/// Why a request member was ignored (G5, G6, E3).
enum class ignore_reason {
    read_only,
    unknown_field,
    not_permitted,
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
template <>
struct enum_names<ignore_reason> {
    static constexpr std::array<std::string_view, 3> values{"read_only", "unknown_field",
                                                            "not_permitted"};
};
}  // namespace detail

[[nodiscard]] constexpr std::string_view to_string(change_op op) noexcept {
    return detail::enum_to_string(op);
}

[[nodiscard]] constexpr std::string_view to_string(ignore_reason reason) noexcept {
    return detail::enum_to_string(reason);
}

}  // namespace v1
}  // namespace profile_merge
