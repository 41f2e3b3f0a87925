// SPDX-License-Identifier: MIT
// --fixtures FILE: agents, users and stored profiles loaded into an empty store.
#pragma once

#include <string>

#include "store.hpp"

namespace server {

// Loads `path` when the store is empty and says what it did; throws
// std::runtime_error naming the entry that is wrong. Passwords and tokens are kept
// hashed.
std::string load_fixtures(store& records, const std::string& path, const std::string& now);

}  // namespace server
