// Identifier append (P4): hashed de-duplication against naive pairwise.
#include <vector>

#include "bench_support.hpp"

namespace {

using namespace bench;

constexpr int count = 5000;

json stored_identifiers() {
    json list = json::array();
    for (int i = 0; i < count; ++i)
        list.push_back({{"type", "member_id"}, {"value", "M" + std::to_string(i)}});
    return list;
}

// Half of them already stored, half new, plus repeats inside the request.
std::vector<pm::identifier> incoming_identifiers() {
    std::vector<pm::identifier> list;
    for (int i = 0; i < count; ++i)
        list.push_back({"member_id", "M" + std::to_string(count / 2 + i)});
    return list;
}

// The baseline a first implementation writes: compare each candidate with every
// stored identifier and every one already appended.
std::vector<pm::identifier> naive_pairwise(const json& stored,
                                           const std::vector<pm::identifier>& incoming) {
    std::vector<pm::identifier> out;
    for (const pm::identifier& candidate : incoming) {
        bool seen = false;
        for (const json& id : stored) {
            if (id["type"] == candidate.type && id["value"] == candidate.value) {
                seen = true;
                break;
            }
        }
        for (const pm::identifier& added : out) {
            if (seen)
                break;
            seen = added == candidate;
        }
        if (!seen)
            out.push_back(candidate);
    }
    return out;
}

void NaivePairwiseDedup(benchmark::State& state) {
    const json stored = stored_identifiers();
    const auto incoming = incoming_identifiers();
    for (auto _ : state)
        benchmark::DoNotOptimize(naive_pairwise(stored, incoming));
    state.SetItemsProcessed(state.iterations() * count);
}

void IdentifiersToAppend(benchmark::State& state) {
    const json stored = stored_identifiers();
    const auto incoming = incoming_identifiers();
    if (pm::identifiers_to_append(stored, incoming) != naive_pairwise(stored, incoming)) {
        return state.SkipWithError("identifiers_to_append disagrees with the pairwise baseline");
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(pm::identifiers_to_append(stored, incoming));
    state.SetItemsProcessed(state.iterations() * count);
}

// The whole PATCH appending 5,000 identifiers to a profile of 5,000 (limits off).
void PatchAppendingFiveThousandIdentifiers(benchmark::State& state) {
    json stored = make_profile({"ids", 5, 1});
    stored["identifiers"] = stored_identifiers();
    json request_ids = json::array();
    for (const auto& id : incoming_identifiers())
        request_ids.push_back(id.to_json());
    const json request = {{"profile", {{"identifiers", request_ids}}}};
    pm::patch_options options;
    options.limits = pm::profile_limits::unlimited();
    for (auto _ : state)
        benchmark::DoNotOptimize(pm::patch_profile_by_id(stored, request, now, options));
    state.SetItemsProcessed(state.iterations() * count);
}

}  // namespace

BENCHMARK(NaivePairwiseDedup)->Unit(benchmark::kMillisecond);
BENCHMARK(IdentifiersToAppend)->Unit(benchmark::kMillisecond);
BENCHMARK(PatchAppendingFiveThousandIdentifiers)->Unit(benchmark::kMillisecond);
