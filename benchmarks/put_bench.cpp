// PUT replace: the library against building the same result by hand.
#include "bench_support.hpp"

namespace {

using namespace bench;

json put_body(const profile_size& size) {
    json profile = make_profile(size);
    json body = {{"name", profile["name"]},
                 {"attributes", profile["attributes"]},
                 {"identifiers", profile["identifiers"]}};
    body["attributes"]["saddle_height"] = "87cm";
    return {{"profile", std::move(body)}};
}

pm::put_options put_options_for(const profile_size& size) {
    pm::put_options options;
    if (size.identifiers > 20)
        options.limits = pm::profile_limits::unlimited();
    return options;
}

// Baseline: what a hand-written replace does (copy the body, set the kept members).
json replace_by_hand(const json& stored, const json& body) {
    json out = body["profile"];
    for (const char* kept : {"id", "created_at", "user_id", "source", "type"})
        out[kept] = stored[kept];
    out["updated_at"] = now.now;
    return out;
}

void PutReplaceByHand(benchmark::State& state) {
    const profile_size& size = sizes[state.range(0)];
    const json stored = make_profile(size);
    const json body = put_body(size);
    for (auto _ : state)
        benchmark::DoNotOptimize(replace_by_hand(stored, body));
    state.SetLabel(size.name);
}

void PutReplace(benchmark::State& state) {
    const profile_size& size = sizes[state.range(0)];
    const json stored = make_profile(size);
    const json body = put_body(size);
    const pm::put_options options = put_options_for(size);
    const auto check = pm::put_profile_by_query(stored, "coolbikes:rider:email:jdoe@example.com",
                                                body, now, options);
    if (check.outcome != pm::outcome::replaced || check.entity != replace_by_hand(stored, body)) {
        return state.SkipWithError("PUT result differs from the hand-built replace");
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(pm::put_profile_by_query(
            stored, "coolbikes:rider:email:jdoe@example.com", body, now, options));
    }
    state.SetLabel(size.name);
}

}  // namespace

BENCHMARK(PutReplaceByHand)->DenseRange(0, 2);
BENCHMARK(PutReplace)->DenseRange(0, 2);
