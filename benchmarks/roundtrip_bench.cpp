// Bytes in, bytes out: parse stored and request, PATCH, dump, against
// parse and dump alone.
#include "bench_support.hpp"

namespace {

using namespace bench;

struct texts {
    std::string stored;
    std::string request;
};

texts inputs(const profile_size& size) {
    return {make_profile(size).dump(), patch_request(0).dump()};
}

void ParseAndDump(benchmark::State& state) {
    const texts in = inputs(sizes[state.range(0)]);
    for (auto _ : state) {
        json stored = json::parse(in.stored);
        json request = json::parse(in.request);
        benchmark::DoNotOptimize(request);
        std::string out = stored.dump();
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(state.iterations() *
                            static_cast<std::int64_t>(in.stored.size() + in.request.size()));
    state.SetLabel(sizes[state.range(0)].name);
}

void ParsePatchAndDump(benchmark::State& state) {
    const profile_size& size = sizes[state.range(0)];
    const texts in = inputs(size);
    const pm::patch_options options = patch_options_for(size);
    {  // the result must be the baseline's profile with the patch applied
        json expected = json::parse(in.stored);
        expected["attributes"].merge_patch(attributes_patch(0));
        expected["updated_at"] = now.now;
        if (pm::patch_profile_by_id(json::parse(in.stored), json::parse(in.request), now, options)
                .entity != expected) {
            return state.SkipWithError("PATCH result differs from merge_patch");
        }
    }
    for (auto _ : state) {
        pm::operation_result r =
            pm::patch_profile_by_id(json::parse(in.stored), json::parse(in.request), now, options);
        std::string out = r.entity.dump();
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(state.iterations() *
                            static_cast<std::int64_t>(in.stored.size() + in.request.size()));
    state.SetLabel(size.name);
}

}  // namespace

BENCHMARK(ParseAndDump)->DenseRange(0, 2);
BENCHMARK(ParsePatchAndDump)->DenseRange(0, 2);
