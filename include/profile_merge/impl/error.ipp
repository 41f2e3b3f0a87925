// SPDX-License-Identifier: MIT
// The definitions of profile_merge/error.hpp (docs/architecture.md, "Compiling").
#pragma once

#include "profile_merge/error.hpp"

namespace profile_merge {
inline namespace v1 {

outcome outcome_of(const std::vector<error>& errors) noexcept {
    outcome worst = outcome::invalid;
    for (const error& e : errors) {
        worst = more_serious(worst, outcome_of(e.code));
    }
    return worst;
}

}  // namespace v1
}  // namespace profile_merge
