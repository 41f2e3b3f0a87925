// G3's strong guarantee under allocation failure: every rvalue overload, on a small
// and a large input, is run with its k-th allocation failing, for every k until the
// operation succeeds without a failure. Each run either succeeds or throws
// std::bad_alloc with the entity the caller handed over equal to what it was.
//
// A test binary of its own: it replaces the global operator new.
#include <execinfo.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <profile_merge/profile_merge.hpp>

namespace pm = profile_merge;
using nlohmann::json;

namespace {

// Which allocation fails: 0 = none. Counted only while armed.
std::size_t allocations = 0;
std::size_t fail_at = 0;
bool failed = false;

// nlohmann's destructor allocates the stack of its iterative destruction, and a
// destructor cannot throw: such an allocation is never the one that fails (the
// next one does). Debug builds keep json_value::destroy out of line, and the
// binary exports its symbols, so the frame can be named.
bool inside_json_destructor() {
    void* frames[64];
    const int depth = backtrace(frames, 64);
    char** names = backtrace_symbols(frames, depth);
    bool inside = false;
    for (int i = 0; names != nullptr && i < depth && !inside; ++i) {
        inside = std::strstr(names[i], "json_value7destroy") != nullptr;
    }
    std::free(names);
    return inside;
}

void* allocate(std::size_t size) {
    if (fail_at != 0 && !failed && ++allocations >= fail_at) {
        fail_at = 0;  // disarmed while the frame is looked at (backtrace may allocate)
        if (!inside_json_destructor()) {
            failed = true;
            throw std::bad_alloc();
        }
        fail_at = allocations + 1;
    }
    if (void* p = std::malloc(size == 0 ? 1 : size)) {
        return p;
    }
    throw std::bad_alloc();
}

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

class FaultInjection : public ::testing::TestWithParam<bool> {
protected:
    json profile() const { return GetParam() ? large_profile() : small_profile(); }
};

}  // namespace

TEST_P(FaultInjection, PatchByIdGivesTheProfileBackOnEveryFailure) {  // G3
    const json stored = profile();
    const json request = patch_request(stored);
    EXPECT_GT(
        run_with_every_failure(
            stored, [&](json&& s) { return pm::patch_profile_by_id(std::move(s), request, now); }),
        10u);
}

TEST_P(FaultInjection, PatchByQueryGivesTheProfileBackOnEveryFailure) {  // G3
    const json stored = profile();
    const json request = patch_request(stored);
    EXPECT_GT(run_with_every_failure(stored,
                                     [&](json&& s) {
                                         return pm::patch_profile_by_query(std::move(s), query,
                                                                           request, now);
                                     }),
              10u);
}

TEST_P(FaultInjection, PutByQueryGivesTheProfileBackOnEveryFailure) {  // G3
    const json stored = profile();
    const json request = put_request(stored);
    EXPECT_GT(
        run_with_every_failure(
            stored,
            [&](json&& s) { return pm::put_profile_by_query(std::move(s), query, request, now); }),
        10u);
}

TEST_P(FaultInjection, PutByIdGivesTheProfileBackOnEveryFailure) {  // G3
    const json stored = profile();
    const json request = put_request(stored);
    EXPECT_GT(
        run_with_every_failure(
            stored, [&](json&& s) { return pm::put_profile_by_id(std::move(s), request, now); }),
        10u);
}

TEST_P(FaultInjection, AnEndUserUpdateGivesTheUserBackOnEveryFailure) {  // G3
    json stored = end_user();
    if (GetParam()) {
        for (int i = 0; i < 200; ++i) {
            stored["user_fields"]["field_" + std::to_string(i)] = {{"value", i}};
        }
    }
    const json request = end_user_request();
    EXPECT_GT(
        run_with_every_failure(
            stored, [&](json&& s) { return pm::update_end_user(std::move(s), request, now); }),
        5u);
}

INSTANTIATE_TEST_SUITE_P(SmallAndLarge, FaultInjection, ::testing::Values(false, true),
                         [](const auto& size) { return size.param ? "Large" : "Small"; });
