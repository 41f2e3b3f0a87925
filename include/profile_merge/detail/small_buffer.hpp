// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <type_traits>
#include <utility>

namespace profile_merge {
inline namespace v1 {
namespace detail {

// A growable array of trivially copyable T that keeps its first N elements inside
// the object and moves to the heap beyond them, doubling. The change report is
// built on every write and usually holds a few short paths: kept inline, it costs
// no allocation (issue 6).
template <class T, std::size_t N>
class small_buffer {
    static_assert(std::is_trivially_copyable_v<T> && N > 0);

public:
    small_buffer() noexcept {}  // the inline elements stay uninitialized until written
    small_buffer(const small_buffer& other) { append(other.data(), other.size()); }
    small_buffer(small_buffer&& other) noexcept { take(other); }
    small_buffer& operator=(const small_buffer& other) {
        if (this != &other) {
            size_ = 0;
            append(other.data(), other.size());
        }
        return *this;
    }
    small_buffer& operator=(small_buffer&& other) noexcept {
        if (this != &other) {
            release();
            take(other);
        }
        return *this;
    }
    ~small_buffer() { release(); }

    [[nodiscard]] T* data() noexcept { return heap_ != nullptr ? heap_ : inline_; }
    [[nodiscard]] const T* data() const noexcept { return heap_ != nullptr ? heap_ : inline_; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
    [[nodiscard]] T& operator[](std::size_t i) noexcept { return data()[i]; }
    [[nodiscard]] const T& operator[](std::size_t i) const noexcept { return data()[i]; }

    void reserve(std::size_t count) {
        if (count > capacity_) {
            grow(count, nullptr, 0);
        }
    }
    // `items` may point into this buffer (a path appended from the list itself).
    void append(const T* items, std::size_t count) {
        if (size_ + count > capacity_) {
            grow(std::max(size_ + count, 2 * capacity_), items, count);
            return;
        }
        if (count != 0) {
            std::memcpy(data() + size_, items, count * sizeof(T));
        }
        size_ += count;
    }
    void push_back(const T& item) { append(&item, 1); }
    // Makes room for `count` more elements and returns the first, for the caller to
    // write (one capacity check for a path written in pieces).
    [[nodiscard]] T* grow_by(std::size_t count) {
        if (size_ + count > capacity_) {
            grow(std::max(size_ + count, 2 * capacity_), nullptr, 0);
        }
        T* const first = data() + size_;
        size_ += count;
        return first;
    }
    void pop_back() noexcept { --size_; }
    void shrink_to(std::size_t count) noexcept { size_ = count < size_ ? count : size_; }
    void clear() noexcept { size_ = 0; }

private:
    // Moves to a heap block of `capacity` and appends `items`, read before the old
    // block is released.
    void grow(std::size_t capacity, const T* items, std::size_t count) {
        T* const bigger = std::allocator<T>().allocate(capacity);
        if (size_ != 0) {
            std::memcpy(bigger, data(), size_ * sizeof(T));
        }
        if (count != 0) {
            std::memcpy(bigger + size_, items, count * sizeof(T));
        }
        release();
        heap_ = bigger;
        capacity_ = capacity;
        size_ += count;
    }
    void release() noexcept {
        if (heap_ != nullptr) {
            std::allocator<T>().deallocate(heap_, capacity_);
            heap_ = nullptr;
            capacity_ = N;
        }
    }
    void take(small_buffer& other) noexcept {
        if (other.heap_ != nullptr) {
            heap_ = std::exchange(other.heap_, nullptr);
            capacity_ = std::exchange(other.capacity_, N);
        } else if (other.size_ != 0) {
            std::memcpy(inline_, other.inline_, other.size_ * sizeof(T));
        }
        size_ = std::exchange(other.size_, 0);
    }

    T inline_[N];
    T* heap_ = nullptr;
    std::size_t size_ = 0;
    std::size_t capacity_ = N;
};

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
