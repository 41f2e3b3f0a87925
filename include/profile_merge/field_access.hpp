// SPDX-License-Identifier: MIT
#pragma once

namespace profile_merge {
inline namespace v1 {

/// Who may write a field: the column every entity's field table starts with.
enum class field_access {
    writable,
    read_only,   // G6: ignored and reported, or rejected when it differs
    privileged,  // E3: never written by the requester; ignored or forbidden
};

}  // namespace v1
}  // namespace profile_merge
