// SPDX-License-Identifier: MIT
// The library decides effects; the server applies them to the user record, inside
// the transaction that writes the profile or user, so that a request commits whole
// or not at all.
#pragma once

#include <string>
#include <vector>

#include <profile_merge/effect.hpp>

#include "store.hpp"

namespace server {

// Applies a profile operation's effects. `profile` is the result entity; resolve_user
// gives it its `user_id`. Returns what was done, for the change history.
json apply_profile_effects(store_transaction& tx, json& profile,
                           const std::vector<profile_merge::effect>& effects,
                           const std::string& now);

// Applies an end-user update's effects to `user`, the result entity.
json apply_end_user_effects(store_transaction& tx, json& user,
                            const std::vector<profile_merge::effect>& effects,
                            const std::string& now);

}  // namespace server
