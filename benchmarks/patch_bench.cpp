// PATCH of a two-key attributes patch against nlohmann's merge_patch, and a PATCH of
// the name and two attributes against the same work written by hand.
#include "bench_support.hpp"

namespace {

using namespace bench;

void report(benchmark::State& state, std::size_t allocations_before) {
    state.counters["allocs_per_op"] =
        benchmark::Counter(static_cast<double>(allocations.load() - allocations_before) /
                           static_cast<double>(state.iterations()));
    state.SetLabel(sizes[state.range(0)].name);
    state.SetItemsProcessed(state.iterations());
}

// Checks, before timing, that PATCH and merge_patch agree on the attributes.
bool same_as_merge_patch(const profile_size& size) {
    json baseline = make_profile(size);
    baseline["attributes"].merge_patch(attributes_patch(0));
    const auto r =
        pm::patch_profile_by_id(make_profile(size), patch_request(0), now, patch_options_for(size));
    return r.outcome == pm::outcome::updated && r.entity["attributes"] == baseline["attributes"];
}

// Baseline: nlohmann's merge_patch in place on the stored attributes.
void MergePatchInPlace(benchmark::State& state) {
    const profile_size& size = sizes[state.range(0)];
    json stored = make_profile(size);
    const json patches[2] = {attributes_patch(0), attributes_patch(1)};
    int variant = 0;
    const std::size_t before = allocations.load();
    for (auto _ : state) {
        stored["attributes"].merge_patch(patches[variant]);
        variant ^= 1;
        benchmark::DoNotOptimize(stored);
    }
    report(state, before);
}

// Baseline: a deep copy of the stored profile, then merge_patch on the copy.
void MergePatchOnCopy(benchmark::State& state) {
    const profile_size& size = sizes[state.range(0)];
    const json stored = make_profile(size);
    const json patch = attributes_patch(0);
    const std::size_t before = allocations.load();
    for (auto _ : state) {
        json copy = stored;
        copy["attributes"].merge_patch(patch);
        benchmark::DoNotOptimize(copy);
    }
    report(state, before);
}

// The timed loop of the rvalue PATCH benchmarks: `requests` in turn, the stored
// profile handed over by rvalue and taken back.
void patch_in_turn(benchmark::State& state, const profile_size& size, const json (&requests)[2],
                   const pm::policy& policy = {}) {
    json stored = make_profile(size);
    pm::patch_options options = patch_options_for(size);
    options.policy = policy;
    int variant = 0;
    const std::size_t before = allocations.load();
    for (auto _ : state) {
        pm::operation_result r =
            pm::patch_profile_by_id(std::move(stored), requests[variant], now, options);
        stored = std::move(r.entity);
        variant ^= 1;
        benchmark::DoNotOptimize(stored);
    }
    report(state, before);
}

// patch_profile_by_id of two attributes, by rvalue.
void PatchRvalue(benchmark::State& state) {
    const profile_size& size = sizes[state.range(0)];
    if (!same_as_merge_patch(size))
        return state.SkipWithError("PATCH disagrees with merge_patch");
    const json requests[2] = {patch_request(0), patch_request(1)};
    patch_in_turn(state, size, requests);
}

// Baseline: the same work as PatchNameAndAttributes by hand, with nothing checked or
// reported: set the name, merge_patch the attributes, set updated_at.
void HandWrittenPatch(benchmark::State& state) {
    const profile_size& size = sizes[state.range(0)];
    json stored = make_profile(size);
    const json requests[2] = {name_and_attributes_request(0), name_and_attributes_request(1)};
    int variant = 0;
    const std::size_t before = allocations.load();
    for (auto _ : state) {
        const json& body = requests[variant]["profile"];
        stored["name"] = body["name"];
        stored["attributes"].merge_patch(body["attributes"]);
        stored["updated_at"] = now.now;
        variant ^= 1;
        benchmark::DoNotOptimize(stored);
    }
    report(state, before);
}

// PatchRvalue under the Zendesk policy loaded from its document (PL8): the same work.
void PatchUnderZendeskPolicy(benchmark::State& state) {
    const profile_size& size = sizes[state.range(0)];
    const json requests[2] = {patch_request(0), patch_request(1)};
    patch_in_turn(state, size, requests, pm::zendesk_policy());
}

// PatchRvalue under a policy of 50 paths, two of which name the request's members.
void PatchUnderFiftyPathPolicy(benchmark::State& state) {
    const profile_size& size = sizes[state.range(0)];
    const pm::policy policy = fifty_path_policy();
    const json requests[2] = {patch_request(0), patch_request(1)};
    pm::patch_options options = patch_options_for(size);
    options.policy = policy;
    if (pm::patch_profile_by_id(make_profile(size), requests[0], now, options).outcome !=
        pm::outcome::updated)
        return state.SkipWithError("the PATCH under the policy does not update");
    patch_in_turn(state, size, requests, policy);
}

// patch_profile_by_id setting the name and two attributes, by rvalue.
void PatchNameAndAttributes(benchmark::State& state) {
    const profile_size& size = sizes[state.range(0)];
    const json requests[2] = {name_and_attributes_request(0), name_and_attributes_request(1)};
    const auto check =
        pm::patch_profile_by_id(make_profile(size), requests[0], now, patch_options_for(size));
    if (check.outcome != pm::outcome::updated || check.entity["name"] != "Jane Roe")
        return state.SkipWithError("the PATCH does not rename the profile");
    patch_in_turn(state, size, requests);
}

// patch_profile_by_id through the const& overload (copies the stored profile).
void PatchConstRef(benchmark::State& state) {
    const profile_size& size = sizes[state.range(0)];
    if (!same_as_merge_patch(size))
        return state.SkipWithError("PATCH disagrees with merge_patch");
    const json stored = make_profile(size);
    const json request = patch_request(0);
    const pm::patch_options options = patch_options_for(size);
    const std::size_t before = allocations.load();
    for (auto _ : state) {
        pm::operation_result r = pm::patch_profile_by_id(stored, request, now, options);
        benchmark::DoNotOptimize(r);
    }
    report(state, before);
}

// Q4: a profile with `count` identifiers, the query's one last (every stored
// identifier is looked at), and a PATCH that renames it back and forth.
json profile_with_identifiers(std::int64_t count) {
    json stored = make_profile(sizes[0]);
    stored["identifiers"] = json::array();
    for (std::int64_t i = 1; i < count; ++i) {
        stored["identifiers"].push_back(
            {{"type", "email"}, {"value", "user" + std::to_string(i) + "@example.com"}});
    }
    stored["identifiers"].push_back({{"type", "email"}, {"value", "jdoe@example.com"}});
    return stored;
}

constexpr const char* wanted = "coolbikes:rider:email:JDoe@Example.com";

// PATCH by id: the baseline of PATCH by query on the same profile.
void PatchByIdAmongIdentifiers(benchmark::State& state) {
    json stored = profile_with_identifiers(state.range(0));
    const json requests[2] = {{{"profile", {{"name", "a"}}}}, {{"profile", {{"name", "b"}}}}};
    pm::patch_options options;
    options.limits = pm::profile_limits::unlimited();
    int variant = 0;
    const std::size_t before = allocations.load();
    for (auto _ : state) {
        pm::operation_result r =
            pm::patch_profile_by_id(std::move(stored), requests[variant], now, options);
        stored = std::move(r.entity);
        variant ^= 1;
    }
    state.counters["allocs_per_op"] = benchmark::Counter(
        static_cast<double>(allocations.load() - before) / static_cast<double>(state.iterations()));
}

// PATCH by query (Q4 matching, N1 folding in place) on the same profile.
void PatchByQueryAmongIdentifiers(benchmark::State& state) {
    json stored = profile_with_identifiers(state.range(0));
    const json requests[2] = {{{"profile", {{"name", "a"}}}}, {{"profile", {{"name", "b"}}}}};
    pm::patch_options options;
    options.limits = pm::profile_limits::unlimited();
    const auto check = pm::patch_profile_by_query(stored, wanted, requests[0], now, options);
    if (check.outcome != pm::outcome::updated || check.entity["name"] != "a")
        return state.SkipWithError("the query does not find the profile");
    int variant = 0;
    const std::size_t before = allocations.load();
    for (auto _ : state) {
        pm::operation_result r =
            pm::patch_profile_by_query(std::move(stored), wanted, requests[variant], now, options);
        stored = std::move(r.entity);
        variant ^= 1;
    }
    state.counters["allocs_per_op"] = benchmark::Counter(
        static_cast<double>(allocations.load() - before) / static_cast<double>(state.iterations()));
}

}  // namespace

BENCHMARK(PatchByIdAmongIdentifiers)->Arg(2)->Arg(100)->Arg(1000);
BENCHMARK(PatchByQueryAmongIdentifiers)->Arg(2)->Arg(100)->Arg(1000);
BENCHMARK(MergePatchInPlace)->DenseRange(0, 2);
BENCHMARK(PatchRvalue)->DenseRange(0, 2);
BENCHMARK(PatchUnderZendeskPolicy)->DenseRange(0, 2);
BENCHMARK(PatchUnderFiftyPathPolicy)->DenseRange(0, 2);
BENCHMARK(MergePatchOnCopy)->DenseRange(0, 2);
BENCHMARK(PatchConstRef)->DenseRange(0, 2);
BENCHMARK(HandWrittenPatch)->DenseRange(0, 2);
BENCHMARK(PatchNameAndAttributes)->DenseRange(0, 2);
