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
#include "profile_merge/detail/small_vector.hpp"
#include "profile_merge/detail/text.hpp"
#include "profile_merge/effect.hpp"
#include "profile_merge/options.hpp"
#include "profile_merge/outcome.hpp"

namespace profile_merge {
inline namespace v1 {
namespace detail {

// R2: the change report within its budget. Paths are reported exactly while they
// hold no more than the budget; past it the report is coarsened: each change is cut
// to its first two tokens (/attributes/<name>), and, should that still be too much,
// to its first one (/attributes). A cut change is a `replace` of the member that
// holds it, so the report still names every member that changed. `request` sets the
// budget; its size is taken only when the paths outgrow limits.min_change_bytes.
// Whether the report was coarsened.
class report_budget {
public:
    [[nodiscard]] static bool fit(change_list& changes, const report_limits& limits,
                                  const nlohmann::json* request) {
        if (changes.path_bytes() <= limits.min_change_bytes ||
            (limits.min_change_bytes == 0 && limits.change_bytes_per_request_byte == 0)) {
            return false;  // 0 and 0: unlimited
        }
        const std::size_t by_request = request != nullptr ? limits.change_bytes_per_request_byte *
                                                                dump_compact(*request).size()
                                                          : 0;
        const std::size_t budget = std::max(limits.min_change_bytes, by_request);
        if (changes.path_bytes() <= budget) {
            return false;
        }
        changes = coarsened(changes, 2);
        if (changes.path_bytes() > budget) {
            changes = coarsened(changes, 1);
        }
        return true;
    }

private:
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

    [[nodiscard]] static change_list coarsened(const change_list& exact, std::size_t tokens) {
        change_list out;
        for (const change_view c : exact) {
            const auto [kept, deeper] = cut(c.path, tokens);
            const change_op op = deeper ? change_op::replace : c.op;
            if (!out.empty() && out.back().path == kept) {
                if (out.back().op != op) {  // two ways of changing it: a replace
                    out.set_back_op(change_op::replace);
                }
                continue;
            }
            out.push_back(op, kept);
        }
        return out;
    }
};

// One decided write of a plan. Planning decides every step, G4 included (a step is a
// real change), and writes its report: the step's changes are a range of the plan's
// change list, whose paths (JSON Pointers, RFC 6901, into the entity) also say where
// it writes. The editor only carries it out.
// Its moves throw nothing, which tidy cannot see through nlohmann.
struct plan_step {  // NOLINT(bugprone-exception-escape)
    enum class kind : unsigned char {
        set,      // the member at its change's path becomes value (add or replace)
        remove,   // the member at its change's path goes
        append,   // each element of value joins the array its changes' paths are in
        replace,  // the entity (target "") or the member at `target` becomes value
    };
    kind what = kind::set;
    std::size_t first_change = 0;  // its changes: [first_change, first_change + changes)
    std::size_t changes = 0;
    std::string target;    // replace: where
    disposing_json value;  // what is left of it goes quietly (G3)
    // Where planning found the target, when it read the very entity the editor writes
    // (entity_plan::set_in, append_in): the member a set replaces or an append extends, or the
    // object a set adds to. The editor then looks nothing up.
    const nlohmann::json* member = nullptr;
    const nlohmann::json* parent = nullptr;
};

// What a valid request does: the writes, in order, their report (R1), and the user
// effects (G3: made before the entity is touched, and nothing in it can fail but
// memory).
struct entity_plan {
    small_vector<plan_step, 4> steps;
    change_list changes;
    std::vector<effect> effects;
    // The entity's updated_at, where planning found it in the very entity the editor
    // writes (as a step's `member`): finish stamps it without a lookup.
    const nlohmann::json* updated_at = nullptr;

    // G4, decided here: `value` at `path` (whose current value is `existing`, nullptr
    // when absent), unless it is there already (the same serialisation). `value` is
    // copied only to be written.
    // Whether it planned a step.
    template <class Value>
    bool set_unless_same(const nlohmann::json* existing, std::string_view path, Value&& value) {
        if (existing != nullptr && same_json(*existing, value)) {
            return false;
        }
        set(path, existing != nullptr, nlohmann::json(std::forward<Value>(value)));
        return true;
    }

    // `value` at `path`, replacing the member there (`replaces`) or added.
    void set(std::string_view path, bool replaces, nlohmann::json value) {
        push_step(plan_step::kind::set, std::move(value));
        changes.push_back(replaces ? change_op::replace : change_op::add, path);
    }

    // set_unless_same, where `existing` (nullptr when absent) is a member of `parent`,
    // both in the entity the editor will write (not a copy of it): the step carries
    // them, so that the editor looks nothing up. `parent` is nullptr for the entity
    // itself, which moves into the result (its members stay where they are).
    template <class Value>
    void set_in(const nlohmann::json* parent, const nlohmann::json* existing, std::string_view path,
                Value&& value) {
        if (set_unless_same(existing, path, std::forward<Value>(value))) {
            steps.back().member = existing;
            steps.back().parent = parent;
        }
    }

    // The member at `path` goes, when there is one.
    void remove_if_present(const nlohmann::json* existing, std::string_view path) {
        if (existing != nullptr) {
            push_step(plan_step::kind::remove, nlohmann::json());
            changes.push_back(change_op::remove, path);
        }
    }

    // `elements` join `array`, a member of the entity the editor will write, at `path`
    // (P4): the step carries it, as set_in.
    void append_in(const nlohmann::json& array, std::string_view path, nlohmann::json elements) {
        append(path, array.size(), std::move(elements));
        steps.back().member = &array;
    }

    // `elements` join the array at `path`, which has `size` elements (P4, PL3).
    void append(std::string_view path, std::size_t size, nlohmann::json elements) {
        const std::size_t count = elements.size();
        push_step(plan_step::kind::append, std::move(elements));
        std::string at(path);
        for (std::size_t i = 0; i < count; ++i) {
            at.resize(path.size());
            append_pointer_token(at, size + i);
            changes.push_back(change_op::append, at);
        }
        steps.back().changes = count;
    }

    // The member at `path`, which the entity has, becomes `value`, reported as `inner`
    // (changes inside it).
    void replace_member(std::string_view path, nlohmann::json value, const change_list& inner) {
        push_step(plan_step::kind::replace, std::move(value), path);
        for (const change_view c : inner) {
            changes.push_back(c.op, c.path);
        }
        steps.back().changes = inner.size();
    }

    // The entity becomes `next` (an object), reported as the changes from `replaced`
    // (nullptr on a create, which is always a step); no step when they are the same
    // (G4).
    void replace_entity(const nlohmann::json* replaced, disposing_json next) {
        const std::size_t first = changes.size();
        std::string path;
        if (diff_objects(replaced != nullptr ? *replaced : empty_object(), next.get(), path,
                         changes) ||
            replaced == nullptr) {
            push_step(plan_step::kind::replace, std::move(next.get()));
            steps.back().first_change = first;
            steps.back().changes = changes.size() - first;
        }
    }

    // A plan that replaces the whole entity reads the stored one instead of editing it.
    [[nodiscard]] bool replaces_entity() const noexcept {
        return !steps.empty() && steps.front().what == plan_step::kind::replace &&
               steps.front().target.empty();
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
        const std::size_t length = path.size();
        while (old_member != old_members.end() || new_member != new_members.end()) {
            // < 0: only in before; > 0: only in after; 0: in both.
            const int order = new_member == new_members.end() ? -1
                              : old_member == old_members.end()
                                  ? 1
                                  : old_member->first.compare(new_member->first);
            const std::string& key = order <= 0 ? old_member->first : new_member->first;
            append_pointer_token(path, key);
            if (top && key == "updated_at"sv) {
                // bookkeeping, not a change (G4)
            } else if (order < 0) {
                changes.push_back(change_op::remove, path);
                differs = true;
            } else if (order > 0) {
                changes.push_back(change_op::add, path);
                differs = true;
            } else if (old_member->second.is_object() && new_member->second.is_object()) {
                differs =
                    diff_objects(old_member->second, new_member->second, path, changes) || differs;
            } else if (!same_json(old_member->second, new_member->second)) {  // G4
                changes.push_back(change_op::replace, path);
                differs = true;
            }
            path.resize(length);
            if (order <= 0) {
                ++old_member;
            }
            if (order >= 0) {
                ++new_member;
            }
        }
        return differs;
    }

private:
    // `value` is taken (left null) by a swap: no temporary to construct and destroy.
    // What may throw comes before the step is added.
    void push_step(plan_step::kind what, nlohmann::json&& value, std::string_view target = {}) {
        std::string owned;
        if (!target.empty()) {
            owned.assign(target.data(), target.size());
        }
        plan_step& step = steps.emplace_back();
        step.what = what;
        step.first_change = changes.size();
        step.changes = 1;
        if (!owned.empty()) {
            step.target.swap(owned);
        }
        step.value.get().swap(value);
    }
};

// The one writer of an entity. Every write is journaled, so that when memory runs
// out part-way, rollback() puts the entity back as it was (G3's strong guarantee):
// each write allocates what it needs before it changes anything, and what it
// displaces is kept until the editor goes. The plan has reported the writes.
class entity_editor {
public:
    entity_editor() = default;
    entity_editor(const entity_editor&) = delete;
    entity_editor& operator=(const entity_editor&) = delete;
    ~entity_editor() = default;

    // Whether any write was made.
    [[nodiscard]] bool changed() const noexcept { return !journal_.empty(); }

    // Carries out one step of a plan whose report is `changes` on `entity`, whose own
    // pointer is the first `root` bytes of each path (0 for a whole entity). The
    // step's value is moved from.
    void apply(nlohmann::json& entity, plan_step& step, const change_list& changes,
               std::size_t root = 0) {
        if (step.what == plan_step::kind::replace) {
            replace_value(step.target.size() == root
                              ? entity
                              : locate(entity, std::string_view(step.target).substr(root)),
                          std::move(step.value.get()));
            return;
        }
        const change_view first = changes[step.first_change];
        if (step.member != nullptr && step.what != plan_step::kind::remove) {
            // planning read this entity: the member is where it found it
            auto& member = const_cast<nlohmann::json&>(*step.member);  // NOLINT
            if (step.what == plan_step::kind::set) {
                replace_value(member, std::move(step.value.get()));
                return;
            }
            append_all(member, step.value.get());
            return;
        }
        const std::string_view path = first.path.substr(root);
        const std::size_t last = path.rfind('/');
        if (step.what == plan_step::kind::append) {  // the changes name the new elements
            append_all(locate(entity, path.substr(0, last)), step.value.get());
            return;
        }
        nlohmann::json& parent = step.parent != nullptr
                                     ? const_cast<nlohmann::json&>(*step.parent)  // NOLINT
                                     : locate(entity, path.substr(0, last));
        std::string scratch;
        const std::string_view key = unescape_token(path.substr(last + 1), scratch);
        if (step.what == plan_step::kind::remove) {
            remove(parent, key);
            return;
        }
        nlohmann::json* const member =
            step.parent != nullptr ? nullptr : member_or_null(parent, key);
        assert((member != nullptr) == (first.op == change_op::replace));
        if (member != nullptr) {
            replace_value(*member, std::move(step.value.get()));
        } else {
            add(parent, key, std::move(step.value.get()));
        }
    }

    // Each element of `elements` (an array) joins `array`.
    void append_all(nlohmann::json& array, nlohmann::json& elements) {
        auto& added = elements.get_ref<nlohmann::json::array_t&>();
        array.get_ref<nlohmann::json::array_t&>().reserve(array.size() + added.size());
        for (nlohmann::json& element : added) {
            append(array, std::move(element));
        }
    }

    // G4, P8: the outcome of the writes. An entity that changed, or whose user gets
    // an effect, gets updated_at = now (bookkeeping, not reported) and `on_change`;
    // otherwise it is unchanged, untouched.
    // `found` is the entity's updated_at when planning found it (entity_plan::updated_at).
    [[nodiscard]] outcome finish(nlohmann::json& entity, std::string_view now, bool effects_emitted,
                                 outcome on_change, const nlohmann::json* found = nullptr) {
        if (!changed() && !effects_emitted) {
            return outcome::unchanged;
        }
        nlohmann::json* updated_at = found != nullptr ? const_cast<nlohmann::json*>(found)
                                                      : member_or_null(entity, "updated_at");
        std::string* const stamp =
            updated_at != nullptr ? updated_at->get_ptr<std::string*>() : nullptr;
        if (stamp != nullptr && stamp->capacity() >= now.size()) {
            // The last write, and one that cannot throw: nothing to journal.
            stamp->assign(now.data(), now.size());
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

    // Appends to an array, unreported.
    void append(nlohmann::json& array, nlohmann::json value) {
        auto& elements = array.get_ref<nlohmann::json::array_t&>();
        edit& e = journal_entry();
        e.target = &array;
        e.old_size = elements.size();
        e.what = edit::kind::appended;
        elements.push_back(std::move(value));
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

    [[nodiscard]] edit& journal_entry() { return journal_.emplace_back(); }

    small_vector<edit, 8> journal_;  // the usual operation's writes, without allocating
};

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
