// Must not compile: a message pattern whose "{}" and arguments disagree (OPERATION
// picks the mistake); the control, OPERATION=0, agrees and compiles.
#include <profile_merge/profile_merge.hpp>

namespace pm = profile_merge;

int main() {
    pm::detail::diagnostics found;
#if OPERATION == 1
    found.fail(pm::error_code::invalid_value, "/profile/name", PROFILE_MERGE_PATTERN("{} {}"), 1);
#elif OPERATION == 2
    found.fail_unplaced(pm::error_code::not_found, PROFILE_MERGE_PATTERN("nothing"), "extra");
#elif OPERATION == 3
    (void)pm::detail::format_message(PROFILE_MERGE_PATTERN("a lone { brace"));
#else
    found.fail(pm::error_code::invalid_value, "/profile/name", PROFILE_MERGE_PATTERN("{} {}"), 1,
               2);
#endif
    return found.failed() ? 0 : 1;
}
