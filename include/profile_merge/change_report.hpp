// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <memory>
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
/// (so the report never copies a value). A value that owns its path: copy it, keep it.
/// `updated_at` is bookkeeping (G4) and is not reported.
struct change {
    change_op op;
    std::string path;
    friend bool operator==(const change& a, const change& b) {
        return a.op == b.op && a.path == b.path;
    }
    friend bool operator!=(const change& a, const change& b) { return !(a == b); }
};

/// A change as a change_list holds it: its path views the list's one buffer, valid
/// while the list lives and is not modified (moving the list keeps it valid, as
/// moving a std::vector keeps its iterators). Converts to an owning `change`, the
/// value to keep.
struct change_view {
    change_op op;
    std::string_view path;

    // NOLINTNEXTLINE(google-explicit-constructor): a view converts to its value
    operator change() const { return {op, std::string(path)}; }
    friend bool operator==(change_view a, change_view b) noexcept {
        return a.op == b.op && a.path == b.path;
    }
    friend bool operator!=(change_view a, change_view b) noexcept { return !(a == b); }
    friend bool operator==(change_view a, const change& b) noexcept {
        return a.op == b.op && a.path == b.path;
    }
    friend bool operator==(const change& a, change_view b) noexcept { return b == a; }
    friend bool operator!=(change_view a, const change& b) noexcept { return !(a == b); }
    friend bool operator!=(const change& a, change_view b) noexcept { return !(b == a); }
};

/// Section R: the changes of one operation, in order. The entries and the bytes of
/// their paths live in one block the list owns, so that a usual report costs one
/// allocation (a long one, one per doubling). Iterating gives change_view; a copy of
/// the list is a value like any other.
class change_list {
    struct entry {
        change_op op;
        std::size_t at;    // the offset of its path in the block's text
        std::size_t size;  // its length
    };

public:
    using value_type = change_view;
    using size_type = std::size_t;
    using difference_type = std::ptrdiff_t;
    using reference = change_view;
    using const_reference = change_view;

    class const_iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = change_view;
        using difference_type = std::ptrdiff_t;
        using reference = change_view;
        using pointer = void;

        const_iterator() = default;
        change_view operator*() const noexcept { return list_->view(*at_); }
        change_view operator[](difference_type n) const noexcept { return *(*this + n); }
        const_iterator& operator++() noexcept { return ++at_, *this; }
        const_iterator operator++(int) noexcept { return {list_, at_++}; }
        const_iterator& operator--() noexcept { return --at_, *this; }
        const_iterator operator--(int) noexcept { return {list_, at_--}; }
        const_iterator& operator+=(difference_type n) noexcept { return at_ += n, *this; }
        const_iterator& operator-=(difference_type n) noexcept { return at_ -= n, *this; }
        friend const_iterator operator+(const_iterator i, difference_type n) noexcept {
            return i += n;
        }
        friend const_iterator operator+(difference_type n, const_iterator i) noexcept {
            return i += n;
        }
        friend const_iterator operator-(const_iterator i, difference_type n) noexcept {
            return i -= n;
        }
        friend difference_type operator-(const_iterator a, const_iterator b) noexcept {
            return a.at_ - b.at_;
        }
        friend bool operator==(const_iterator a, const_iterator b) noexcept {
            return a.at_ == b.at_;
        }
        friend bool operator!=(const_iterator a, const_iterator b) noexcept {
            return a.at_ != b.at_;
        }
        friend bool operator<(const_iterator a, const_iterator b) noexcept { return a.at_ < b.at_; }
        friend bool operator>(const_iterator a, const_iterator b) noexcept { return b < a; }
        friend bool operator<=(const_iterator a, const_iterator b) noexcept { return !(b < a); }
        friend bool operator>=(const_iterator a, const_iterator b) noexcept { return !(a < b); }

    private:
        friend class change_list;
        const_iterator(const change_list* list, const entry* at) noexcept : list_(list), at_(at) {}
        const change_list* list_ = nullptr;
        const entry* at_ = nullptr;
    };
    using iterator = const_iterator;

    change_list() = default;
    change_list(std::initializer_list<change> changes) {
        for (const change& c : changes) {
            push_back(c.op, c.path);
        }
    }
    change_list(const change_list& other) { assign(other); }
    change_list& operator=(const change_list& other) {
        if (this != &other) {
            change_list copy(other);
            *this = std::move(copy);
        }
        return *this;
    }
    change_list(change_list&& other) noexcept { take(other); }
    change_list& operator=(change_list&& other) noexcept {
        if (this != &other) {
            take(other);
        }
        return *this;
    }
    ~change_list() = default;

    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] const_iterator begin() const noexcept { return {this, block_.get()}; }
    [[nodiscard]] const_iterator end() const noexcept { return {this, block_.get() + size_}; }
    [[nodiscard]] change_view operator[](std::size_t i) const noexcept { return view(block_[i]); }
    [[nodiscard]] change_view front() const noexcept { return view(block_[0]); }
    [[nodiscard]] change_view back() const noexcept { return view(block_[size_ - 1]); }
    /// The bytes of every path together (R2 bounds them).
    [[nodiscard]] std::size_t path_bytes() const noexcept { return text_size_; }

    void push_back(change_op op, std::string_view path) {
        if (size_ == capacity_ || text_capacity_ - text_size_ < path.size()) {
            // first, so that a throw adds nothing
            grow(size_ == capacity_ ? std::max<std::size_t>(4, 2 * capacity_) : capacity_,
                 std::max({text_size_ + path.size(), 2 * text_capacity_, min_text}));
        }
        std::char_traits<char>::copy(text() + text_size_, path.data(), path.size());
        block_[size_++] = {op, text_size_, path.size()};
        text_size_ += path.size();
    }
    void push_back(const change& c) { push_back(c.op, c.path); }
    /// Room for `changes` more changes whose paths hold `path_bytes` more bytes.
    void reserve(std::size_t changes, std::size_t path_bytes) {
        if (capacity_ - size_ < changes || text_capacity_ - text_size_ < path_bytes) {
            grow(std::max(capacity_, size_ + changes),
                 std::max(text_capacity_, text_size_ + path_bytes));
        }
    }
    /// The last change becomes `op`.
    void set_back_op(change_op op) noexcept { block_[size_ - 1].op = op; }
    void pop_back() noexcept { text_size_ = block_[--size_].at; }
    void clear() noexcept { size_ = text_size_ = 0; }

    friend bool operator==(const change_list& a, const change_list& b) noexcept {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    }
    friend bool operator!=(const change_list& a, const change_list& b) noexcept {
        return !(a == b);
    }

private:
    // The block holds `capacity_` entries, then `text_capacity_` bytes of paths; 128
    // bytes hold a usual report's paths at once.
    static constexpr std::size_t min_text = 128;

    [[nodiscard]] char* text() const noexcept {
        return reinterpret_cast<char*>(block_.get() + capacity_);
    }

    // A new block with room for `entries` and `bytes`, holding what this one holds.
    void grow(std::size_t entries, std::size_t bytes) {
        const std::size_t units = entries + (bytes + sizeof(entry) - 1) / sizeof(entry);
        std::unique_ptr<entry[]> block(new entry[units]);
        std::copy(block_.get(), block_.get() + size_, block.get());
        std::char_traits<char>::copy(reinterpret_cast<char*>(block.get() + entries), text(),
                                     text_size_);
        block_ = std::move(block);
        capacity_ = entries;
        text_capacity_ = (units - entries) * sizeof(entry);
    }

    void assign(const change_list& other) {
        if (other.size_ != 0) {
            grow(other.size_, std::max(other.text_size_, min_text));
            std::copy(other.block_.get(), other.block_.get() + other.size_, block_.get());
            std::char_traits<char>::copy(text(), other.text(), other.text_size_);
            size_ = other.size_;
            text_size_ = other.text_size_;
        }
    }

    void take(change_list& other) noexcept {
        block_ = std::move(other.block_);
        size_ = std::exchange(other.size_, 0);
        capacity_ = std::exchange(other.capacity_, 0);
        text_size_ = std::exchange(other.text_size_, 0);
        text_capacity_ = std::exchange(other.text_capacity_, 0);
    }

    [[nodiscard]] change_view view(const entry& e) const noexcept {
        return {e.op, std::string_view(text() + e.at, e.size)};
    }

    std::unique_ptr<entry[]> block_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
    std::size_t text_size_ = 0;
    std::size_t text_capacity_ = 0;
};

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
