// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/change_report.hpp"
#include "profile_merge/detail/compact_json.hpp"
#include "profile_merge/detail/json_value.hpp"
#include "profile_merge/detail/member_lookup.hpp"
#include "profile_merge/detail/text.hpp"
#include "profile_merge/effect.hpp"
#include "profile_merge/options.hpp"
#include "profile_merge/outcome.hpp"

namespace profile_merge {
inline namespace v1 {
namespace detail {

// R2: the change report within its budget. Paths are recorded exactly until they
// would hold more than the budget; then the report is coarsened: each change is
// cut to its first two tokens (/attributes/<name>), and, should that still be too
// much, to its first one (/attributes). A cut change is a `replace` of the member
// that holds it, so the report still names every member that changed.
class change_recorder {
public:
    // `request` is the request whose size sets the budget; its size is taken only when
    // the paths outgrow limits.min_change_bytes.
    change_recorder(change_list* changes, const report_limits& limits,
                    const nlohmann::json* request) noexcept
        : changes_(changes), limits_(limits), request_(request) {}

    [[nodiscard]] bool coarsened() const noexcept { return tokens_kept_ != 0; }

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

// One decided write of a plan, addressed by JSON Pointer (RFC 6901) into the entity.
// Planning decides every step, G4 included (a step is a real change); the editor
// only carries it out and records it.
struct plan_step {
    enum class kind : unsigned char {
        set,      // the member at `path` becomes value: `op` says add or replace
        remove,   // the member at `path` goes
        append,   // each element of value joins the array at `path`
        replace,  // the entity (path "") or the member at `path` becomes value,
                  // reported as `changes`
    };
    kind what = kind::set;
    change_op op = change_op::replace;
    std::string path;      // also the path the report gets
    disposing_json value;  // what is left of it goes quietly (G3)
    change_list changes;   // replace

    [[nodiscard]] static plan_step set(std::string path, bool replaces, nlohmann::json value) {
        return {kind::set,
                replaces ? change_op::replace : change_op::add,
                std::move(path),
                std::move(value),
                {}};
    }
    [[nodiscard]] static plan_step remove(std::string path) {
        return {kind::remove, change_op::remove, std::move(path), nlohmann::json(), {}};
    }
    // `elements` join an array the entity has.
    [[nodiscard]] static plan_step append(std::string path, nlohmann::json elements) {
        return {kind::append, change_op::append, std::move(path), std::move(elements), {}};
    }
    [[nodiscard]] static plan_step replace(nlohmann::json entity, change_list changes) {
        return {kind::replace, change_op::replace, {}, std::move(entity), std::move(changes)};
    }
    // A member the entity has becomes `value`, reported as `changes` (changes inside it).
    [[nodiscard]] static plan_step replace_member(std::string path, nlohmann::json value,
                                                  change_list changes) {
        return {kind::replace, change_op::replace, std::move(path), std::move(value),
                std::move(changes)};
    }
};

// What a valid request does: the writes, in order, and the user effects (G3: made
// before the entity is touched, and nothing in it can fail but memory).
struct entity_plan {
    std::vector<plan_step> steps;
    std::vector<effect> effects;

    // G4, decided here: `value` at `path` (whose current value is `existing`, nullptr
    // when absent), unless it is there already (the same serialisation). `value` is
    // copied only to be written.
    template <class Value>
    void set_unless_same(const nlohmann::json* existing, std::string_view path, Value&& value) {
        if (existing == nullptr || !same_json(*existing, value)) {
            steps.push_back(plan_step::set(std::string(path), existing != nullptr,
                                           nlohmann::json(std::forward<Value>(value))));
        }
    }

    // The member at `path` goes, when there is one.
    void remove_if_present(const nlohmann::json* existing, std::string_view path) {
        if (existing != nullptr) {
            steps.push_back(plan_step::remove(std::string(path)));
        }
    }

    // The entity becomes `next` (an object), reported as the changes from `replaced`
    // (nullptr on a create, which is always a step); no step when they are the same
    // (G4).
    void replace_entity(const nlohmann::json* replaced, disposing_json next) {
        change_list changes;
        std::string path;
        if (diff_objects(replaced != nullptr ? *replaced : empty_object(), next.get(), path,
                         changes) ||
            replaced == nullptr) {
            steps.push_back(plan_step::replace(std::move(next.get()), std::move(changes)));
        }
    }

    // A plan that replaces the whole entity reads the stored one instead of editing it.
    [[nodiscard]] bool replaces_entity() const noexcept {
        return !steps.empty() && steps.front().what == plan_step::kind::replace &&
               steps.front().path.empty();
    }

    // Section R for a replaced object: lists the changes from `before` to `after`
    // in key order, recursing into objects (arrays and scalars are replaced whole),
    // and says whether there were any. One merge walk over the two sorted maps;
    // recursion follows `after`, whose depth G9 bounds. G4's updated_at is not a change.
    static bool diff_objects(const nlohmann::json& before, const nlohmann::json& after,
                             std::string& path, change_list& changes) {
        using namespace std::string_view_literals;
        const bool top = path.empty();
        bool differs = false;
        const auto& old_members = before.get_ref<const nlohmann::json::object_t&>();
        const auto& new_members = after.get_ref<const nlohmann::json::object_t&>();
        auto old_member = old_members.begin();
        auto new_member = new_members.begin();
        while (old_member != old_members.end() || new_member != new_members.end()) {
            // < 0: only in before; > 0: only in after; 0: in both.
            const int order = new_member == new_members.end() ? -1
                              : old_member == old_members.end()
                                  ? 1
                                  : old_member->first.compare(new_member->first);
            const std::string& key = order <= 0 ? old_member->first : new_member->first;
            if (top && key == "updated_at"sv) {
                // bookkeeping, not a change (G4)
            } else if (order < 0) {
                changes.push_back({change_op::remove, pointer_append(path, key)});
                differs = true;
            } else if (order > 0) {
                changes.push_back({change_op::add, pointer_append(path, key)});
                differs = true;
            } else if (old_member->second.is_object() && new_member->second.is_object()) {
                const std::size_t length = path.size();
                append_pointer_token(path, key);
                differs =
                    diff_objects(old_member->second, new_member->second, path, changes) || differs;
                path.resize(length);
            } else if (!same_json(old_member->second, new_member->second)) {  // G4
                changes.push_back({change_op::replace, pointer_append(path, key)});
                differs = true;
            }
            if (order <= 0) {
                ++old_member;
            }
            if (order >= 0) {
                ++new_member;
            }
        }
        return differs;
    }
};

// The one writer of an entity. Every write is recorded (R1, R2) and journaled, so
// that when memory runs out part-way, rollback() puts the entity back as it was
// (G3's strong guarantee): each write allocates what it needs before it changes
// anything, and what it displaces is kept until the editor goes.
class entity_editor {
public:
    explicit entity_editor(change_recorder& report) noexcept : report_(report) {}
    entity_editor(const entity_editor&) = delete;
    entity_editor& operator=(const entity_editor&) = delete;
    ~entity_editor() = default;

    // Whether any write was made.
    [[nodiscard]] bool changed() const noexcept { return !journal_.empty(); }

    // Carries out one step on `entity`, whose own pointer is the first `root` bytes
    // of each step's path (0 for a whole entity). The step's value is moved from.
    void apply(nlohmann::json& entity, plan_step& step, std::size_t root = 0) {
        if (step.what == plan_step::kind::replace) {
            replace_value(step.path.size() == root
                              ? entity
                              : locate(entity, std::string_view(step.path).substr(root)),
                          std::move(step.value.get()));
            for (change& c : step.changes) {
                report_.record(c.op, std::move(c.path));
            }
            return;
        }
        const std::string_view path = std::string_view(step.path).substr(root);
        const std::size_t last = path.rfind('/');
        nlohmann::json& parent = locate(entity, path.substr(0, last));
        std::string scratch;
        const std::string_view key = unescape_token(path.substr(last + 1), scratch);
        nlohmann::json* const member = member_or_null(parent, key);
        switch (step.what) {
            case plan_step::kind::set:
                assert((member != nullptr) == (step.op == change_op::replace));
                if (member != nullptr) {
                    replace_value(*member, std::move(step.value.get()));
                } else {
                    add(parent, key, std::move(step.value.get()));
                }
                report_.record(step.op, std::move(step.path));
                return;
            case plan_step::kind::remove:
                remove(parent, key);
                report_.record(change_op::remove, std::move(step.path));
                return;
            case plan_step::kind::append: {
                auto& elements = step.value.get().get_ref<nlohmann::json::array_t&>();
                member->get_ref<nlohmann::json::array_t&>().reserve(member->size() +
                                                                    elements.size());
                for (nlohmann::json& element : elements) {
                    append(*member, std::move(element), step.path);
                }
                return;
            }
            case plan_step::kind::replace:
                return;
        }
    }

    // G4, P8: the outcome of the writes. An entity that changed, or whose user gets
    // an effect, gets updated_at = now (bookkeeping, not reported) and `on_change`;
    // otherwise it is unchanged, untouched.
    [[nodiscard]] outcome finish(nlohmann::json& entity, std::string_view now, bool effects_emitted,
                                 outcome on_change) {
        if (!changed() && !effects_emitted) {
            return outcome::unchanged;
        }
        nlohmann::json* updated_at = member_or_null(entity, "updated_at");
        if (updated_at != nullptr && updated_at->is_string() &&
            updated_at->get_ref<std::string&>().capacity() >= now.size()) {
            // The last write, and one that cannot throw: nothing to journal.
            updated_at->get_ref<std::string&>().assign(now.data(), now.size());
        } else if (updated_at != nullptr) {
            replace_value(*updated_at, now);
        } else {
            add(entity, "updated_at", now);
        }
        return on_change;
    }

    // target = value, unreported: the caller reports.
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

    // A member goes, unreported; nothing when there is none.
    void remove(nlohmann::json& object, std::string_view key) {
        auto& members = object.get_ref<nlohmann::json::object_t&>();
        const auto it = members.find(member_name{key});
        if (it == members.end()) {
            return;
        }
        edit& e = journal_entry();
        e.node = members.extract(it);
        e.target = &object;
        e.what = edit::kind::removed;
    }

    // Appends to an array, reported as `append` at its index under `path`.
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
    // What an edit displaced goes when the editor does, disposed of without
    // allocating (G3).
    struct edit {
        enum class kind : unsigned char { pending, added, removed, replaced, appended };
        kind what = kind::pending;  // a write that threw part-way stays pending
        nlohmann::json* target = nullptr;
        nlohmann::json old;                          // replaced
        nlohmann::json::object_t::node_type node;    // removed
        nlohmann::json::object_t::iterator added{};  // added
        std::size_t old_size = 0;                    // appended

        // Moves and dispose() throw nothing, which tidy cannot see through nlohmann.
        // NOLINTBEGIN(bugprone-exception-escape)
        edit() = default;
        edit(edit&&) noexcept = default;
        edit& operator=(edit&&) noexcept = default;
        edit(const edit&) = delete;
        edit& operator=(const edit&) = delete;
        ~edit() {
            dispose(old);
            if (!node.empty()) {
                dispose(node.mapped());
            }
        }
        // NOLINTEND(bugprone-exception-escape)
    };

    // The object a plan's pointer names: every token on the way is a member the plan
    // knows the entity has.
    static nlohmann::json& locate(nlohmann::json& entity, std::string_view pointer) {
        nlohmann::json* at = &entity;
        std::string scratch;
        while (!pointer.empty()) {
            const std::size_t end = pointer.find('/', 1);
            at = member_or_null(
                *at,
                unescape_token(pointer.substr(1, end == std::string_view::npos ? end : end - 1),
                               scratch));
            assert(at != nullptr);
            pointer = end == std::string_view::npos ? std::string_view() : pointer.substr(end);
        }
        return *at;
    }

    static void undo(edit& e) noexcept {
        switch (e.what) {
            case edit::kind::pending:
                break;
            case edit::kind::added:
                dispose(e.added->second);
                e.target->get_ptr<nlohmann::json::object_t*>()->erase(e.added);
                break;
            case edit::kind::removed:
                e.target->get_ptr<nlohmann::json::object_t*>()->insert(std::move(e.node));
                break;
            case edit::kind::replaced:
                std::swap(*e.target, e.old);
                break;
            case edit::kind::appended: {
                auto& elements = *e.target->get_ptr<nlohmann::json::array_t*>();
                for (std::size_t i = e.old_size; i < elements.size(); ++i) {
                    dispose(elements[i]);
                }
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

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
