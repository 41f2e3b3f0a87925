// G3's strong guarantee under allocation failure: every operation, by rvalue and by
// const&, on a small and a large input, is run with its k-th allocation failing,
// for every k until the operation succeeds without a failure. Every allocation may
// fail, those made inside destructors included: a bad_alloc that reaches a noexcept
// destructor terminates the binary, and the terminate handler names the run and the
// allocation. Each run either succeeds or throws std::bad_alloc with the entity the
// caller handed over equal to what it was. The editor's rollback and the disposal of
// what it displaced are also run with every allocation failing (memory that stays
// exhausted): they must allocate nothing.
//
// A test binary of its own: it replaces the global operator new.
#include <execinfo.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <profile_merge/profile_merge.hpp>
#if __has_include(<profile_merge/detail/entity_editor.hpp>)  // not with the single header
#include <profile_merge/detail/attribute_plan.hpp>
#include <profile_merge/detail/entity_editor.hpp>
#endif

namespace pm = profile_merge;
using nlohmann::json;

namespace {

// Which allocation fails first: 0 = none. Counted only while armed.
std::size_t allocations = 0;
std::size_t fail_at = 0;
bool exhausted = false;  // every allocation from fail_at on fails, not only that one
bool failed = false;

// Where the last failed allocation was made, for the terminate handler (which must
// not allocate: it writes with write(2) and backtrace_symbols_fd).
void* failed_frames[64];
int failed_depth = 0;

[[noreturn]] void report_termination() {
    char line[200];
    const int n = std::snprintf(line, sizeof line,
                                "\nfault injection: the process terminated in the run that fails "
                                "allocation %zu%s. The last failed allocation was made here:\n",
                                fail_at, exhausted ? " (memory exhausted from there on)" : "");
    if (n > 0) {
        (void)!write(STDERR_FILENO, line, static_cast<std::size_t>(n));
    }
    backtrace_symbols_fd(failed_frames, failed_depth, STDERR_FILENO);
    std::abort();
}

void* allocate(std::size_t size) {
    if (fail_at != 0 && ++allocations >= fail_at && (!failed || exhausted)) {
        failed_depth = backtrace(failed_frames, 64);
        failed = true;
        throw std::bad_alloc();
    }
    if (void* p = std::malloc(size == 0 ? 1 : size)) {
        return p;
    }
    throw std::bad_alloc();
}

[[maybe_unused]] const bool prepared = [] {
    backtrace(failed_frames, 1);  // loads what backtrace needs before any run
    std::set_terminate(report_termination);
    return true;
}();

}  // namespace

void* operator new(std::size_t size) {
    return allocate(size);
}
void* operator new[](std::size_t size) {
    return allocate(size);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
// The nothrow forms too (std::get_temporary_buffer uses them): what one form allocates,
// another may free.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return allocate(size);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return allocate(size);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}

namespace {

const pm::context now{"2020-03-11T01:20:28Z", "01E0NEWPROFILEID0000000000"};
const std::string query = "coolbikes:rider:email:jdoe@example.com";

json small_profile() {
    return json::parse(R"({
        "id": "01E06HXMJ8RJ6C0MR142D6FBSA", "user_id": "81123613",
        "source": "coolbikes", "type": "rider", "name": "sunshine_user",
        "attributes": {"favorite_color": "red", "saddle_height": "85cm"},
        "created_at": "2020-02-03T22:14:48Z", "updated_at": "2020-02-03T22:14:48Z",
        "identifiers": [{"type": "email", "value": "jdoe@example.com"}]})");
}

// 200 attributes, some nested, and 10 identifiers.
json large_profile() {
    json p = small_profile();
    for (int i = 0; i < 200; ++i) {
        const std::string key = "attribute_" + std::to_string(i);
        p["attributes"][key] =
            i % 3 == 0 ? json{{"inner", {{"a", i}, {"b", "text"}}}, {"list", {1, 2, 3}}} : json(i);
    }
    for (int i = 0; i < 9; ++i) {
        p["identifiers"].push_back({{"type", "sdk"}, {"value", "device-" + std::to_string(i)}});
    }
    return p;
}

// A PATCH that adds, replaces, removes and merges members, renames, and appends.
json patch_request(const json& stored) {
    json attributes = json::object();
    std::size_t i = 0;
    for (const auto& [key, value] : stored["attributes"].items()) {
        if (i % 4 == 0) {
            attributes[key] = nullptr;
        } else if (i % 4 == 1) {
            attributes[key] =
                value.is_object() ? json{{"inner", {{"a", nullptr}, {"c", 1}}}} : json("changed");
        }
        ++i;
    }
    attributes["brand_new"] = {{"deep", {{"er", {1, {{"x", nullptr}}}}}}};
    return {{"profile",
             {{"name", "renamed"},
              {"attributes", attributes},
              {"identifiers",
               {{{"type", "email"}, {"value", "Second@Example.com"}},
                {{"type", "external_id"}, {"value", 1234}}}}}}};
}

json put_request(const json& stored) {
    json request = patch_request(stored);
    request["profile"]["attributes"] = stored["attributes"];
    request["profile"]["attributes"]["brand_new"] = {{"x", 1}};
    return request;
}

json end_user() {
    return json::parse(R"({"id": 35436, "name": "Johnny End User", "email": "johnny@example.com",
        "phone": "+15551234567", "locale_id": 1, "organization_id": 57542, "time_zone": "Copenhagen",
        "photo": {"id": 1}, "created_at": "2009-07-20T22:55:29Z", "updated_at": "2011-05-05T10:38:52Z"})");
}

json end_user_request() {
    return json::parse(R"({"user": {"name": "Johnny Renamed", "email": "other@example.com",
        "phone": null, "organization_id": 1, "time_zone": "Berlin", "photo": null,
        "remote_photo_url": "https://example.com/a.png", "role": "admin"}})");
}

// Runs `operation` on a copy of `stored` handed over as an rvalue, failing the k-th
// allocation for k = 1, 2, ... until a run needs no failure. Returns how many runs
// threw.
template <class Operation>
std::size_t run_with_every_failure(const json& stored, Operation operation) {
    std::size_t thrown = 0;
    for (std::size_t k = 1;; ++k) {
        json handed_over = stored;
        allocations = 0;
        failed = false;
        fail_at = k;
        try {
            pm::operation_result r = operation(std::move(handed_over));
            fail_at = 0;
            EXPECT_TRUE(r.ok()) << "k = " << k << ": " << pm::to_json(r).dump();
            if (!failed) {
                return thrown;  // no allocation left to fail
            }
        } catch (const std::bad_alloc&) {
            fail_at = 0;
            ++thrown;
            EXPECT_EQ(handed_over, stored) << "k = " << k << ": the entity was not given back";
            if (handed_over != stored) {
                return thrown;
            }
        }
    }
}

// The rvalue overload, then the const& one (which copies what it returns).
template <class Operation>
void run_both_overloads(const json& stored, std::size_t least_throws, Operation operation) {
    EXPECT_GT(run_with_every_failure(stored, [&](json&& s) { return operation(std::move(s)); }),
              least_throws)
        << "by rvalue";
    EXPECT_GT(run_with_every_failure(stored, [&](json&& s) { return operation(std::as_const(s)); }),
              least_throws)
        << "by const&";
}

// A policy with every feature (PL1-PL10); its schema only where the build has
// JSON Schema support.
pm::policy every_feature_policy() {
    json document = json::parse(R"({
        "policy": 1, "entity": "profile",
        "limits": {"identifiers": 50, "attribute_depth": 8},
        "fields": {"name": "writable"},
        "identifier_types": {
            "crm_id": {"normalize": ["trim", "ascii_upper"], "effect": "none",
                       "name": "Customer {value}", "name_rank": 7},
            "phone_number": {"normalize": ["e164"]}},
        "custom_identifier_types": "allow",
        "attributes": {
            "/tier": {"mutability": "server_managed"},
            "/first_seen": {"mutability": "write_once", "type": "string"},
            "/tags": {"merge": "union", "type": "array"},
            "/visits": {"merge": "increment", "type": "integer"},
            "/addresses": {"merge": "union_by_key", "key": "kind"},
            "/consent": {"merge": "replace"},
            "/prefs/*": {"null": "store"},
            "/opt_in": {"null": "reject"}},
        "unknown_attributes": "allow",
        "attributes_schema": {"type": "object", "properties": {"visits": {"minimum": 0}}}})");
    try {
        return pm::load_policy(document);
    } catch (const pm::policy_error&) {  // a build without valijson
        document.erase("attributes_schema");
        return pm::load_policy(document);
    }
}

json with_policy_attributes(json stored) {
    stored["attributes"]["tier"] = "gold";
    stored["attributes"]["tags"] = {"a", "b"};
    stored["attributes"]["visits"] = 3;
    stored["attributes"]["addresses"] = {{{"kind", "home"}, {"city", "Paris"}}};
    stored["attributes"]["consent"] = {{"email", true}, {"sms", true}};
    stored["attributes"]["prefs"] = {{"theme", "dark"}, {"font", "serif"}};
    return stored;
}

json every_feature_attributes() {
    return {
        {"tier", "platinum"},
        {"first_seen", "2020-03-11"},
        {"tags", {"b", "c", "d"}},
        {"visits", 2},
        {"addresses", {{{"kind", "home"}, {"city", "Lyon"}}, {{"kind", "work"}, {"city", "Nice"}}}},
        {"consent", {{"email", false}, {"post", nullptr}}},
        {"prefs", {{"theme", nullptr}, {"size", 12}}},
        {"new_one", {{"x", {1, 2}}}}};
}

class FaultInjection : public ::testing::TestWithParam<bool> {
protected:
    json profile() const { return GetParam() ? large_profile() : small_profile(); }
};

}  // namespace

TEST_P(FaultInjection, PatchByIdGivesTheProfileBackOnEveryFailure) {  // G3
    const json stored = profile();
    const json request = patch_request(stored);
    run_both_overloads(stored, 10, [&](auto&& s) {
        return pm::patch_profile_by_id(std::forward<decltype(s)>(s), request, now);
    });
}

TEST_P(FaultInjection, PatchByQueryGivesTheProfileBackOnEveryFailure) {  // G3
    const json stored = profile();
    const json request = patch_request(stored);
    run_both_overloads(stored, 10, [&](auto&& s) {
        return pm::patch_profile_by_query(std::forward<decltype(s)>(s), query, request, now);
    });
}

// The displaced object attributes go with the editor's journal when the PATCH is done.
TEST_P(FaultInjection, APatchThatReplacesObjectAttributesGivesTheProfileBack) {  // G3
    json stored = profile();
    stored["attributes"]["bike"] = {{"brand", "x"}, {"gears", {1, 2, 3}}, {"parts", {{"a", 1}}}};
    json request = {{"profile", {{"attributes", {{"bike", "sold"}}}}}};
    for (auto& [key, value] : stored["attributes"].items()) {
        if (value.is_object()) {
            request["profile"]["attributes"][key] = json::array({"replaced"});
        }
    }
    run_both_overloads(stored, 5, [&](auto&& s) {
        return pm::patch_profile_by_id(std::forward<decltype(s)>(s), request, now);
    });
}

TEST_P(FaultInjection, APatchThatClearsTheAttributesGivesTheProfileBack) {  // G3, F1
    json stored = profile();
    stored["attributes"]["bike"] = {{"brand", "x"}, {"gears", {1, 2, 3}}};
    const json request = {{"profile", {{"attributes", nullptr}}}};
    run_both_overloads(stored, 1, [&](auto&& s) {
        return pm::patch_profile_by_query(std::forward<decltype(s)>(s), query, request, now);
    });
}

// R2 coarsens a report past its budget after the writes, which allocates: memory
// running out there rolls the writes back too.
TEST_P(FaultInjection, APatchWhoseReportIsCoarsenedGivesTheProfileBack) {  // G3, R2
    json stored = profile();
    stored["attributes"]["bike"] = {{"brand", "x"}};
    json bike = json::object();
    for (int i = 0; i < 12; ++i) {
        bike["part_" + std::to_string(i)] = i;
    }
    const json request = {{"profile", {{"attributes", {{"bike", bike}}}}}};
    pm::patch_options options;
    options.report.min_change_bytes = 16;
    options.report.change_bytes_per_request_byte = 0;
    const auto coarse = pm::patch_profile_by_query(stored, query, request, now, options);
    ASSERT_TRUE(coarse.changes_coarsened) << pm::to_json(coarse).dump();
    run_both_overloads(stored, 3, [&](auto&& s) {
        return pm::patch_profile_by_query(std::forward<decltype(s)>(s), query, request, now,
                                          options);
    });
}

// Values equal to the stored ones are built and then go unused: a shallow merge
// copies each object it would write before it compares.
TEST_P(FaultInjection, APatchThatChangesNothingGivesTheProfileBack) {  // G3, G4
    json stored = profile();
    stored["attributes"]["bike"] = {{"brand", "x"}, {"gears", {1, 2, 3}}};
    const json request = {{"profile",
                           {{"attributes", stored["attributes"]},
                            {"identifiers", stored["identifiers"]},
                            {"name", stored["name"]}}}};
    pm::patch_options shallow;
    shallow.attributes = pm::attribute_merge::shallow;
    run_both_overloads(stored, 3, [&](auto&& s) {
        return pm::patch_profile_by_id(std::forward<decltype(s)>(s), request, now, shallow);
    });
}

TEST_P(FaultInjection, PutByQueryGivesTheProfileBackOnEveryFailure) {  // G3
    const json stored = profile();
    const json request = put_request(stored);
    run_both_overloads(stored, 10, [&](auto&& s) {
        return pm::put_profile_by_query(std::forward<decltype(s)>(s), query, request, now);
    });
}

TEST_P(FaultInjection, PutByIdGivesTheProfileBackOnEveryFailure) {  // G3
    const json stored = profile();
    const json request = put_request(stored);
    run_both_overloads(stored, 10, [&](auto&& s) {
        return pm::put_profile_by_id(std::forward<decltype(s)>(s), request, now);
    });
}

// A PUT that sends the stored profile back: the result it built goes unused.
TEST_P(FaultInjection, APutThatChangesNothingGivesTheProfileBack) {  // G3, G4
    const json stored = profile();
    json body = stored;
    for (const char* managed : {"id", "created_at", "updated_at", "user_id", "source", "type"}) {
        body.erase(managed);
    }
    const json request = {{"profile", body}};
    run_both_overloads(stored, 10, [&](auto&& s) {
        return pm::put_profile_by_query(std::forward<decltype(s)>(s), query, request, now);
    });
}

TEST_P(FaultInjection, APatchUnderAPolicyWithEveryFeatureGivesTheProfileBack) {  // G3, PL1-PL10
    const json stored = with_policy_attributes(profile());
    const json request = {{"profile",
                           {{"attributes", every_feature_attributes()},
                            {"identifiers",
                             {{{"type", "crm_id"}, {"value", " ab-12 "}},
                              {{"type", "phone_number"}, {"value", "+1 (555) 123-4567"}}}}}}};
    pm::patch_options options;
    options.policy = every_feature_policy();
    run_both_overloads(stored, 10, [&](auto&& s) {
        return pm::patch_profile_by_query(std::forward<decltype(s)>(s), query, request, now,
                                          options);
    });
}

TEST_P(FaultInjection, APutUnderAPolicyWithEveryFeatureGivesTheProfileBack) {  // G3, PL7
    const json stored = with_policy_attributes(profile());
    json request = put_request(stored);
    request["profile"]["attributes"] = every_feature_attributes();
    request["profile"]["attributes"]["prefs"] = {{"theme", "light"}};
    pm::put_options options;
    options.policy = every_feature_policy();
    run_both_overloads(stored, 10, [&](auto&& s) {
        return pm::put_profile_by_query(std::forward<decltype(s)>(s), query, request, now, options);
    });
}

TEST_P(FaultInjection, APutThatCreatesLeavesNothingBehind) {  // G3
    const json request = put_request(profile());
    run_both_overloads(json(), 10, [&](auto&& s) {
        return pm::put_profile_by_query(std::forward<decltype(s)>(s),
                                        "coolbikes:rider:email:new@example.com", request, now);
    });
}

TEST_P(FaultInjection, AnEndUserUpdateGivesTheUserBackOnEveryFailure) {  // G3
    json stored = end_user();
    if (GetParam()) {
        for (int i = 0; i < 200; ++i) {
            stored["user_fields"]["field_" + std::to_string(i)] = {{"value", i}};
        }
    }
    const json request = end_user_request();
    run_both_overloads(stored, 5, [&](auto&& s) {
        return pm::update_end_user(std::forward<decltype(s)>(s), request, now);
    });
}

// merge_attributes promises the strong guarantee on the caller's own value, and gives
// the change list back as it was.
TEST_P(FaultInjection, MergeAttributesLeavesTheTargetAndTheChangesAsTheyWere) {  // G3, P3
    const json stored = profile()["attributes"];
    const json patch = patch_request(profile())["profile"]["attributes"];
    std::size_t thrown = 0;
    for (std::size_t k = 1;; ++k) {
        json target = stored;
        pm::change_list changes{{pm::change_op::add, "/before"}};
        allocations = 0;
        failed = false;
        fail_at = k;
        try {
            const bool changed = pm::merge_attributes(target, patch, pm::attribute_merge::deep,
                                                      "/attributes", &changes);
            fail_at = 0;
            EXPECT_TRUE(changed);
            if (!failed) {
                break;
            }
        } catch (const std::bad_alloc&) {
            fail_at = 0;
            ++thrown;
            ASSERT_EQ(target, stored) << "k = " << k;
            ASSERT_EQ(changes, (pm::change_list{{pm::change_op::add, "/before"}})) << "k = " << k;
        }
    }
    EXPECT_GT(thrown, 10u);
}

// Memory that stays exhausted: every allocation fails while this is armed.
class memory_exhaustion {
public:
    memory_exhaustion() = default;
    memory_exhaustion(const memory_exhaustion&) = delete;
    memory_exhaustion& operator=(const memory_exhaustion&) = delete;
    ~memory_exhaustion() { disarm(); }
    void arm() {
        allocations = 0;
        failed = false;
        exhausted = true;
        fail_at = 1;
    }
    void disarm() {
        fail_at = 0;
        exhausted = false;
    }
};

// Writes of every kind, whose displaced values are containers: an object replaced by
// a scalar, a removed object, an added object, an appended identifier, and a string
// replaced by an object.
void edit_every_way(pm::detail::entity_editor& editor, json& entity) {
    const json patch = {{"attribute_0", "a scalar now"},
                        {"attribute_3", nullptr},
                        {"added", {{"deep", {{"er", {1, {{"x", "y"}}}}}}}}};
    pm::detail::entity_plan plan;
    std::string path = "/attributes";
    pm::detail::plan_merge_members(entity["attributes"], patch, pm::attribute_merge::deep, path,
                                   plan);
    plan.append("/identifiers", entity["identifiers"].size(),
                json::array({{{"type", "email"}, {"value", "x@example.com"}}}));
    plan.set("/name", true, {{"an", "object"}});
    for (pm::detail::plan_step& step : plan.steps) {
        editor.apply(entity, step, plan.changes);
    }
}

// Writes of every kind on `entity`; then, with memory exhausted, the rollback when
// `roll_back`, and the editor's going. Whether any allocation was made (and failed).
bool edit_then_end_exhausted(json& entity, bool roll_back) {
    const json before = entity;
    memory_exhaustion exhaustion;
    {
        pm::detail::entity_editor editor;
        edit_every_way(editor, entity);
        EXPECT_NE(entity, before) << "the edits changed nothing: there is nothing to test";
        exhaustion.arm();
        if (roll_back) {
            editor.rollback();
        }
    }  // the editor goes, its journal holding the displaced objects, memory still exhausted
    exhaustion.disarm();
    return failed;
}

TEST(MemoryExhausted, RollbackAndTheEditorsGoingAllocateNothing) {  // G3
    const json stored = large_profile();
    json entity = stored;
    EXPECT_FALSE(edit_then_end_exhausted(entity, true)) << "an allocation was made (and failed)";
    EXPECT_EQ(entity, stored);
}

TEST(MemoryExhausted, WhatAnEditDisplacedGoesWithoutAllocating) {  // G3
    json entity = large_profile();
    EXPECT_FALSE(edit_then_end_exhausted(entity, false)) << "an allocation was made (and failed)";
    EXPECT_EQ(entity["attributes"]["attribute_0"], "a scalar now");
    EXPECT_FALSE(entity["attributes"].contains("attribute_3"));
}

// Any depth (G13 lets a stored entity nest as deep as it likes), without recursion
// and without the heap: 20,000 levels of arrays and objects, and a wide level.
TEST(MemoryExhausted, DisposeEmptiesAnyValueWithoutAllocating) {  // G3, G13
    json deep = json::array();
    json* level = &deep;
    for (int i = 0; i < 20000; ++i) {
        json next = i % 2 == 0 ? json{{"k", json::array()}, {"s", "text"}} : json::array({1, "x"});
        level->push_back(std::move(next));
        json& added = level->back();
        level = added.is_object() ? &added["k"] : &added;
    }
    for (int i = 0; i < 1000; ++i) {
        deep.push_back({{"wide", {{"a", i}, {"b", {i, i}}}}});
    }
    memory_exhaustion exhaustion;
    exhaustion.arm();
    pm::detail::dispose(deep);
    const bool emptied = deep.empty();
    deep = nullptr;  // nlohmann's destructor of an empty array
    exhaustion.disarm();
    EXPECT_FALSE(failed) << "an allocation was made (and failed)";
    EXPECT_TRUE(emptied);
}

INSTANTIATE_TEST_SUITE_P(SmallAndLarge, FaultInjection, ::testing::Values(false, true),
                         [](const auto& size) { return size.param ? "Large" : "Small"; });
