// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/change_report.hpp"
#include "profile_merge/detail/compact_json.hpp"
#include "profile_merge/detail/member_lookup.hpp"
#include "profile_merge/detail/text.hpp"
#include "profile_merge/options.hpp"

namespace profile_merge {
inline namespace v1 {
namespace detail {

// R2: the change report within its budget. Paths are recorded exactly until they
// would hold more than the budget; then the report is coarsened: each change is
// cut to its first two tokens (/attributes/<name>), and, should that still be too
// much, to its first one (/attributes). A cut change is a `replace` of the member
// that holds it, so the report still names every member that changed. (A template
// only so that a bare include compiles none of it.)
template <class = void>
class basic_change_recorder {
public:
    // `request` is the request whose size sets the budget; its size is taken only when
    // the paths outgrow limits.min_change_bytes.
    basic_change_recorder(change_list* changes, const report_limits& limits,
                          const nlohmann::json* request) noexcept
        : changes_(changes), limits_(limits), request_(request) {}

    [[nodiscard]] bool coarsened() const noexcept { return tokens_kept_ != 0; }

    void record(change_op op, std::string_view parent, std::string_view key) {
        if (changes_ != nullptr) {
            record(op, pointer_append(parent, key));
        }
    }

    void record(change_op op, std::string path) {
        if (changes_ == nullptr) {
            return;
        }
        if (tokens_kept_ == 0 && fits(path.size())) {
            push(op, std::move(path));
            return;
        }
        if (tokens_kept_ == 0) {
            coarsen(2);
        }
        push_coarse(op, path);
        if (tokens_kept_ == 2 && !fits(0)) {
            coarsen(1);
        }
    }

private:
    [[nodiscard]] bool fits(std::size_t more) {
        const std::size_t used = path_bytes_;
        if (used + more <= limits_.min_change_bytes) {
            return true;
        }
        if (budget_ == 0) {  // set once, the first time it matters
            const std::size_t by_request =
                request_ != nullptr
                    ? limits_.change_bytes_per_request_byte * dump_compact(*request_).size()
                    : 0;
            budget_ = std::max(limits_.min_change_bytes, by_request);
            if (limits_.min_change_bytes == 0 && limits_.change_bytes_per_request_byte == 0) {
                budget_ = static_cast<std::size_t>(-1);  // 0 and 0: unlimited
            }
        }
        return used + more <= budget_;
    }

    void push(change_op op, std::string path) {
        if (changes_->empty()) {
            changes_->reserve(4);  // a typical report, in one allocation
        }
        path_bytes_ += path.size();
        changes_->push_back({op, std::move(path)});
    }

    // The first `tokens` tokens of a pointer, and whether it had more.
    [[nodiscard]] static std::pair<std::string_view, bool> cut(std::string_view path,
                                                               std::size_t tokens) noexcept {
        std::size_t end = 0;
        for (std::size_t seen = 0; seen < tokens; ++seen) {
            end = path.find('/', end + 1);
            if (end == std::string_view::npos) {
                return {path, false};
            }
        }
        return {path.substr(0, end), true};
    }

    void push_coarse(change_op op, std::string_view path) {
        const auto [kept, deeper] = cut(path, tokens_kept_);
        const change_op coarse_op = deeper ? change_op::replace : op;
        if (!changes_->empty() && changes_->back().path == kept) {
            if (changes_->back().op != coarse_op) {  // two ways of changing it: a replace
                changes_->back().op = change_op::replace;
            }
            return;
        }
        push(coarse_op, std::string(kept));
    }

    void coarsen(std::size_t tokens) {
        tokens_kept_ = tokens;
        change_list exact = std::move(*changes_);
        changes_->clear();
        path_bytes_ = 0;
        for (const change& c : exact) {
            push_coarse(c.op, c.path);
        }
    }

    change_list* changes_;
    const report_limits& limits_;
    const nlohmann::json* request_;
    std::size_t path_bytes_ = 0;  // the bytes of the recorded paths, which R2 bounds
    std::size_t budget_ = 0;
    std::size_t tokens_kept_ = 0;  // 0: exact
};
using change_recorder = basic_change_recorder<>;

// The one writer of an entity. Every write is recorded (R1, R2) and journaled, so
// that when memory runs out part-way, rollback() puts the entity back as it was
// (G3's strong guarantee): each write allocates what it needs before it changes
// anything, and what it displaces is kept until the editor goes.
template <class = void>
class basic_entity_editor {
public:
    explicit basic_entity_editor(change_recorder& report) noexcept : report_(report) {}
    basic_entity_editor(const basic_entity_editor&) = delete;
    basic_entity_editor& operator=(const basic_entity_editor&) = delete;
    ~basic_entity_editor() = default;

    // G4: whether any write changed the entity (each write is a real change).
    [[nodiscard]] bool changed() const noexcept { return !journal_.empty(); }

    // object[key] = value: an add or a replace, reported under `parent`. `existing` is
    // the member the caller found (nullptr when there is none).
    void set(nlohmann::json& object, nlohmann::json* existing, std::string_view key,
             nlohmann::json value, std::string_view parent) {
        if (existing != nullptr) {
            replace_value(*existing, std::move(value));
            report_.record(change_op::replace, parent, key);
            return;
        }
        add(object, key, std::move(value));
        report_.record(change_op::add, parent, key);
    }

    void remove(nlohmann::json& object, std::string_view key, std::string_view parent) {
        auto& members = object.get_ref<nlohmann::json::object_t&>();
        const auto it = members.find(member_name{key});
        if (it == members.end()) {
            return;
        }
        edit& e = journal_entry();
        e.node = members.extract(it);
        e.target = &object;
        e.what = edit::kind::removed;
        report_.record(change_op::remove, parent, key);
    }

    // target = value, unreported: the caller reports (a merge reports per member).
    void replace_value(nlohmann::json& target, nlohmann::json value) {
        edit& e = journal_entry();
        e.old.swap(value);
        target.swap(e.old);
        e.target = &target;
        e.what = edit::kind::replaced;
    }

    // A new member, unreported.
    nlohmann::json& add(nlohmann::json& object, std::string_view key, nlohmann::json value) {
        edit& e = journal_entry();
        auto& members = object.get_ref<nlohmann::json::object_t&>();
        e.added = members.emplace(std::string(key), std::move(value)).first;
        e.target = &object;
        e.what = edit::kind::added;
        return e.added->second;
    }

    // Appends to an array (an identifier, P4), reported as `append` at its index.
    void append(nlohmann::json& array, nlohmann::json value, std::string_view path) {
        auto& elements = array.get_ref<nlohmann::json::array_t&>();
        edit& e = journal_entry();
        e.target = &array;
        e.old_size = elements.size();
        e.what = edit::kind::appended;
        const std::size_t index = elements.size();
        elements.push_back(std::move(value));
        std::string at(path);
        append_pointer_token(at, index);
        report_.record(change_op::append, std::move(at));
    }

    // Undoes every write, last first. Frees and moves only: it cannot fail.
    void rollback() noexcept {
        for (auto e = journal_.rbegin(); e != journal_.rend(); ++e) {
            undo(*e);
        }
        journal_.clear();
    }

private:
    struct edit {
        enum class kind : unsigned char { pending, added, removed, replaced, appended };
        kind what = kind::pending;  // a write that threw part-way stays pending
        nlohmann::json* target = nullptr;
        nlohmann::json old;                          // replaced
        nlohmann::json::object_t::node_type node;    // removed
        nlohmann::json::object_t::iterator added{};  // added
        std::size_t old_size = 0;                    // appended
    };

    static void undo(edit& e) noexcept {
        switch (e.what) {
            case edit::kind::pending:
                break;
            case edit::kind::added:
                e.target->template get_ref<nlohmann::json::object_t&>().erase(e.added);
                break;
            case edit::kind::removed:
                e.target->template get_ref<nlohmann::json::object_t&>().insert(std::move(e.node));
                break;
            case edit::kind::replaced:
                std::swap(*e.target, e.old);
                break;
            case edit::kind::appended: {
                auto& elements = e.target->template get_ref<nlohmann::json::array_t&>();
                elements.erase(elements.begin() + static_cast<std::ptrdiff_t>(e.old_size),
                               elements.end());
                break;
            }
        }
    }

    [[nodiscard]] edit& journal_entry() {
        if (journal_.capacity() == 0) {
            journal_.reserve(8);  // the usual PATCH's writes, in one allocation
        }
        return journal_.emplace_back();
    }

    change_recorder& report_;
    std::vector<edit> journal_;
};
using entity_editor = basic_entity_editor<>;

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
