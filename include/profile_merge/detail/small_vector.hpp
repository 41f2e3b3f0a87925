// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace profile_merge {
inline namespace v1 {
namespace detail {

// A vector whose first N elements live inside it: a plan's steps and an editor's
// journal, which the usual operation keeps within a handful, cost no allocation.
// Past N every element moves to the heap once. Only what the plan and the editor
// use: append, iterate, and go.
template <class T, std::size_t N>
class small_vector {
    static_assert(std::is_nothrow_move_constructible_v<T>, "elements move without throwing");

public:
    small_vector() noexcept = default;
    small_vector(small_vector&& other) noexcept { take(other); }
    small_vector& operator=(small_vector&& other) noexcept {
        if (this != &other) {
            clear();
            heap_ = std::vector<T>();
            take(other);
        }
        return *this;
    }
    small_vector(const small_vector&) = delete;
    small_vector& operator=(const small_vector&) = delete;
    ~small_vector() { clear(); }

    [[nodiscard]] T* begin() noexcept { return data(); }
    [[nodiscard]] T* end() noexcept { return data() + size(); }
    [[nodiscard]] const T* begin() const noexcept { return data(); }
    [[nodiscard]] const T* end() const noexcept { return data() + size(); }
    [[nodiscard]] std::reverse_iterator<T*> rbegin() noexcept {
        return std::reverse_iterator<T*>(end());
    }
    [[nodiscard]] std::reverse_iterator<T*> rend() noexcept {
        return std::reverse_iterator<T*>(begin());
    }
    [[nodiscard]] std::size_t size() const noexcept {
        return on_heap() ? heap_.size() : inline_size_;
    }
    [[nodiscard]] bool empty() const noexcept { return size() == 0; }
    [[nodiscard]] T& front() noexcept { return *begin(); }
    [[nodiscard]] const T& front() const noexcept { return *begin(); }
    [[nodiscard]] T& back() noexcept { return *(end() - 1); }
    [[nodiscard]] const T& back() const noexcept { return *(end() - 1); }

    // Strong guarantee: when it throws, the vector is as it was.
    template <class... Args>
    T& emplace_back(Args&&... args) {
        if (on_heap()) {
            return heap_.emplace_back(std::forward<Args>(args)...);
        }
        if (inline_size_ < N) {
            T* slot = ::new (static_cast<void*>(inline_data() + inline_size_))
                T(std::forward<Args>(args)...);
            ++inline_size_;
            return *slot;
        }
        std::vector<T> moved;
        moved.reserve(2 * N);
        moved.emplace_back(std::forward<Args>(args)...);  // first: it may throw
        for (T& element : *this) {
            moved.push_back(std::move(element));  // reserved, and T's move cannot throw
        }
        std::rotate(moved.begin(), moved.begin() + 1, moved.end());
        clear();
        heap_ = std::move(moved);
        return heap_.back();
    }

    void clear() noexcept {
        if (on_heap()) {
            heap_.clear();
            return;
        }
        std::destroy(inline_data(), inline_data() + inline_size_);
        inline_size_ = 0;
    }

private:
    [[nodiscard]] bool on_heap() const noexcept { return heap_.capacity() != 0; }
    [[nodiscard]] T* data() noexcept { return on_heap() ? heap_.data() : inline_data(); }
    [[nodiscard]] const T* data() const noexcept {
        return on_heap() ? heap_.data() : inline_data();
    }
    [[nodiscard]] T* inline_data() noexcept { return std::launder(reinterpret_cast<T*>(storage_)); }
    [[nodiscard]] const T* inline_data() const noexcept {
        return std::launder(reinterpret_cast<const T*>(storage_));
    }

    void take(small_vector& other) noexcept {
        if (other.on_heap()) {
            heap_ = std::move(other.heap_);
            other.heap_ = std::vector<T>();
            return;
        }
        for (std::size_t i = 0; i < other.inline_size_; ++i) {
            ::new (static_cast<void*>(inline_data() + i)) T(std::move(other.inline_data()[i]));
        }
        inline_size_ = other.inline_size_;
        other.clear();
    }

    alignas(T) unsigned char storage_[N * sizeof(T)];
    std::size_t inline_size_ = 0;
    std::vector<T> heap_;  // used once it has capacity
};

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
