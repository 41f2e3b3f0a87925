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

// One decided write of a plan, on a member of the entity (or the whole entity).
// Planning decides every step; the editor only carries it out.
struct plan_step {
    enum class kind : unsigned char {
        set,      // entity[key] = value: an add or a replace
        remove,   // the member goes
        merge,    // RFC 7396 MergePatch(entity[key], *operand) (an object patch)
        append,   // each element of value joins the array entity[key]
        replace,  // the entity becomes value, reported as a diff from *operand (PUT)
    };
    kind what = kind::set;
    std::string_view key;  // a field table's name
    disposing_json value;  // set, append, replace: what is left of it goes quietly (G3)
    // merge: a checked request object; replace: the entity replaced (null: created)
    const nlohmann::json* operand = nullptr;
    attribute_merge mode = attribute_merge::deep;  // merge

    [[nodiscard]] static plan_step set(std::string_view key, nlohmann::json value) {
        return {kind::set, key, std::move(value), nullptr, attribute_merge::deep};
    }
    [[nodiscard]] static plan_step remove(std::string_view key) {
        return {kind::remove, key, nlohmann::json(), nullptr, attribute_merge::deep};
    }
    [[nodiscard]] static plan_step merge(std::string_view key, const nlohmann::json& patch,
                                         attribute_merge mode) {
        return {kind::merge, key, nlohmann::json(), &patch, mode};
    }
    [[nodiscard]] static plan_step append(std::string_view key, nlohmann::json elements) {
        return {kind::append, key, std::move(elements), nullptr, attribute_merge::deep};
    }
    [[nodiscard]] static plan_step replace(const nlohmann::json* replaced, nlohmann::json entity) {
        return {kind::replace, {}, std::move(entity), replaced, attribute_merge::deep};
    }
};

// What a valid request does: the writes, in order, and the user effects (G3: made
// before the entity is touched, and nothing in it can fail but memory).
struct entity_plan {
    std::vector<plan_step> steps;
    std::vector<effect> effects;

    // A plan that replaces the whole entity reads the stored one instead of editing it.
    [[nodiscard]] bool replaces_entity() const noexcept {
        return !steps.empty() && steps.front().what == plan_step::kind::replace;
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

    // G4: whether any write changed the entity (each write is a real change).
    [[nodiscard]] bool changed() const noexcept { return !journal_.empty(); }

    // Carries out one step of a plan on the entity. G4 is decided here: a step that
    // would leave the entity as it is writes nothing and reports nothing.
    void apply(nlohmann::json& entity, plan_step& step) {
        nlohmann::json* const member =
            entity.is_object() ? member_or_null(entity, step.key) : nullptr;
        const bool absent = member == nullptr || member->is_null();
        switch (step.what) {
            case plan_step::kind::set:
                set_unless_same(entity, member, step.key, std::move(step.value.get()), "");
                return;
            case plan_step::kind::remove:
                remove(entity, step.key, "");
                return;
            case plan_step::kind::merge:
                if (absent) {  // MergePatch(absent, patch): a new member, one change
                    set(entity, member, step.key, without_null_members(*step.operand), "");
                } else {
                    std::string path = pointer_append("", step.key);
                    merge(*member, *step.operand, step.mode, path);
                }
                return;
            case plan_step::kind::append:
                if (absent) {  // a new array, one change
                    set(entity, member, step.key, std::move(step.value.get()), "");
                } else {
                    auto& elements = step.value.get().get_ref<nlohmann::json::array_t&>();
                    member->get_ref<nlohmann::json::array_t&>().reserve(member->size() +
                                                                        elements.size());
                    const std::string path = pointer_append("", step.key);
                    for (nlohmann::json& element : elements) {
                        append(*member, std::move(element), path);
                    }
                }
                return;
            case plan_step::kind::replace:
                replace(entity, step.operand, step.value.get());
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

    // G4: set(), unless `existing` already holds the same value (the same
    // serialisation), which writes and reports nothing. `value` is copied only to write.
    template <class Value>
    void set_unless_same(nlohmann::json& object, nlohmann::json* existing, std::string_view key,
                         Value&& value, std::string_view parent) {
        if (existing == nullptr || !same_json(*existing, value)) {
            set(object, existing, key, nlohmann::json(std::forward<Value>(value)), parent);
        }
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

    // RFC 7396 MergePatch(target, patch) for an object patch, in place. `path` is
    // target's pointer in the entity. Recursion follows the patch, whose depth G9
    // bounds. G4: a value equal to the stored one (the same serialisation) is no change.
    void merge(nlohmann::json& target, const nlohmann::json& patch, attribute_merge mode,
               std::string& path) {
        if (!target.is_object()) {
            replace_value(target, nlohmann::json::object());
        }
        for (const auto& [key, value] : patch.get_ref<const nlohmann::json::object_t&>()) {
            nlohmann::json* const existing = member_or_null(target, key);
            if (value.is_null()) {  // null removes; no error when absent
                if (existing != nullptr) {
                    remove(target, key, path);
                }
                continue;
            }
            if (value.is_object()) {
                if (mode == attribute_merge::deep && existing != nullptr && existing->is_object()) {
                    const std::size_t length = path.size();
                    append_pointer_token(path, key);
                    merge(*existing, value, mode, path);
                    path.resize(length);
                    continue;
                }
                // A new, non-object or (shallow) replaced member becomes
                // MergePatch({}, value): its null members vanish at every depth (P3).
                disposing_json merged = without_null_members(value);
                set_unless_same(target, existing, key, std::move(merged.get()), path);
                continue;
            }
            set_unless_same(target, existing, key, value, path);
        }
    }

    // The entity becomes `next` (an object, moved from only when written), reported
    // as the changes from `replaced` (nothing, on a create: null); no write at all
    // when they are the same (G4).
    void replace(nlohmann::json& entity, const nlohmann::json* replaced, nlohmann::json& next) {
        std::string path;
        const bool differs = diff(replaced != nullptr ? *replaced : empty_object(), next, path);
        if (differs || replaced == nullptr) {
            replace_value(entity, std::move(next));
        }
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

    // Section R for a replaced object: records the changes from `before` to `after`
    // in key order, recursing into objects (arrays and scalars are replaced whole),
    // and says whether there were any. One merge walk over the two sorted maps;
    // recursion follows `after`, whose depth G9 bounds. G4's updated_at is not a change.
    bool diff(const nlohmann::json& before, const nlohmann::json& after, std::string& path) {
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
                report_.record(change_op::remove, path, key);
                differs = true;
            } else if (order > 0) {
                report_.record(change_op::add, path, key);
                differs = true;
            } else if (old_member->second.is_object() && new_member->second.is_object()) {
                const std::size_t length = path.size();
                append_pointer_token(path, key);
                differs = diff(old_member->second, new_member->second, path) || differs;
                path.resize(length);
            } else if (!same_json(old_member->second, new_member->second)) {  // G4
                report_.record(change_op::replace, path, key);
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
