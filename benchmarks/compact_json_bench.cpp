// Writing JSON text: the compact writer behind append_json and the CLI's result
// lines (detail::append_compact) against nlohmann's dump() with the same error
// handler, and a whole PATCH result written by append_json against to_json + dump.
#include "bench_support.hpp"

namespace {

using namespace bench;

std::string dumped(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

void DumpWithReplace(benchmark::State& state) {
    const json profile = make_profile(sizes[state.range(0)]);
    std::string out;
    for (auto _ : state) {
        out = dumped(profile);
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(out.size()));
    state.SetLabel(sizes[state.range(0)].name);
}

void AppendCompact(benchmark::State& state) {
    const json profile = make_profile(sizes[state.range(0)]);
    std::string out = pm::detail::dump_compact(profile);
    if (out != dumped(profile)) {
        return state.SkipWithError("append_compact differs from dump()");
    }
    for (auto _ : state) {
        out.clear();  // a reused line buffer, as a batch writer keeps one
        pm::detail::append_compact(out, profile);
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(out.size()));
    state.SetLabel(sizes[state.range(0)].name);
}

pm::operation_result patch_result(const profile_size& size) {
    return pm::patch_profile_by_id(make_profile(size), patch_request(0), now,
                                   patch_options_for(size));
}

void ResultToJsonAndDump(benchmark::State& state) {
    const pm::operation_result r = patch_result(sizes[state.range(0)]);
    std::string out;
    for (auto _ : state) {
        out = dumped(pm::to_json(r));
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(out.size()));
    state.SetLabel(sizes[state.range(0)].name);
}

void ResultAppendJson(benchmark::State& state) {
    const pm::operation_result r = patch_result(sizes[state.range(0)]);
    std::string out;
    pm::append_json(out, r);
    if (out != dumped(pm::to_json(r))) {
        return state.SkipWithError("append_json differs from to_json + dump()");
    }
    for (auto _ : state) {
        out.clear();
        pm::append_json(out, r);
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(out.size()));
    state.SetLabel(sizes[state.range(0)].name);
}

}  // namespace

BENCHMARK(DumpWithReplace)->DenseRange(0, 2);
BENCHMARK(AppendCompact)->DenseRange(0, 2);
BENCHMARK(ResultToJsonAndDump)->DenseRange(0, 2);
BENCHMARK(ResultAppendJson)->DenseRange(0, 2);
