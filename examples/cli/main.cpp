// profile-merge: the command-line face of the library. Every operation as a
// subcommand, a conformance runner, a streaming NDJSON batch mode and a demo.
// The clock and the randomness the library refuses to touch (G2) live here.
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <profile_merge/profile_merge.hpp>
#include <profile_merge/testing/conformance.hpp>

#include "cli_core.hpp"

namespace pm = profile_merge;
using nlohmann::json;

namespace {

using profile_merge_cli::input_error;
using profile_merge_cli::parse_json;
using profile_merge_cli::run_batch_line;

// Exit statuses: success outcomes, rule outcomes, usage and input errors.
constexpr int exit_ok = 0;
constexpr int exit_rule = 1;
constexpr int exit_usage = 2;

// What one JSON document (a file, or a batch line) may hold: --max-input-bytes.
std::size_t max_input_bytes = std::size_t{64} << 20;

// `-` is stdin; anything else a file, opened into `file`. A directory or a closed
// stdin is an error, not an empty input.
std::istream& open_input(const std::string& path, std::ifstream& file) {
    if (path == "-") {
        if (fcntl(STDIN_FILENO, F_GETFD) == -1) {
            throw input_error{"stdin is closed"};
        }
        return std::cin;
    }
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        throw input_error{fmt::format("{}: is a directory", path)};
    }
    file.open(path, std::ios::binary);
    if (!file) {
        throw input_error{fmt::format("{}: cannot be read", path)};
    }
    return file;
}

// The whole input, at most max_input_bytes of it.
std::string read_all(const std::string& path) {
    std::ifstream file;
    std::istream& in = open_input(path, file);
    std::string text;
    std::array<char, 1 << 16> chunk{};
    while (in.read(chunk.data(), chunk.size()) || in.gcount() > 0) {
        text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_input_bytes) {
            throw input_error{fmt::format("{}: larger than --max-input-bytes ({} bytes)",
                                          path == "-" ? "<stdin>" : path, max_input_bytes)};
        }
    }
    if (in.bad()) {
        throw input_error{fmt::format("{}: cannot be read", path == "-" ? "<stdin>" : path)};
    }
    return text;
}

// One line of `in` into `line` (without its newline); false at the end of the
// input. A line longer than max_input_bytes is read to its end but not kept:
// `too_long` says so.
bool read_line(std::istream& in, std::string& line, bool& too_long) {
    line.clear();
    too_long = false;
    std::array<char, 1 << 16> chunk{};
    bool any = false;
    for (;;) {
        in.get(chunk.data(), chunk.size(), '\n');
        const auto got = static_cast<std::size_t>(in.gcount());
        any = any || got > 0;
        if (!too_long) {
            line.append(chunk.data(), got);
            if (line.size() > max_input_bytes) {
                too_long = true;
                line.clear();
            }
        }
        if (in.peek() == '\n') {
            in.get();
            return true;
        }
        if (in.eof()) {
            return any;
        }
        if (in.bad()) {
            throw input_error{"the input cannot be read"};
        }
        in.clear();  // get() stops at a full chunk with failbit only when it read nothing
    }
}

// Where the output could not be written: a full disk, a closed pipe.
struct output_error {};

void write_out(const std::string& text) {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
        throw output_error{};
    }
}

json read_json(const std::string& path) {
    return parse_json(read_all(path), path == "-" ? "<stdin>" : path);
}

// The current UTC time, as the library's `now` (G2).
std::string utc_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::array<char, 32> text{};
    std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text.data();
}

// A ULID: 48 bits of milliseconds and 80 random bits, in Crockford's base 32.
std::string new_ulid() {
    static std::random_device device;
    static std::mt19937_64 random(device());
    constexpr std::string_view alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    const auto millis =
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
    std::string out(26, '0');
    for (int i = 9; i >= 0; --i) {  // 10 characters of time
        out[static_cast<std::size_t>(i)] = alphabet[(millis >> (5 * (9 - i))) & 31];
    }
    std::uint64_t high = random();
    std::uint64_t low = random();
    for (std::size_t i = 10; i < 26; ++i) {  // 16 characters of randomness
        std::uint64_t& source = i < 18 ? high : low;
        out[i] = alphabet[source & 31];
        source >>= 5;
    }
    return out;
}

enum class output_format { automatic, pretty, compact };

struct output {
    output_format format = output_format::automatic;

    void print(const json& document) const {
        const bool pretty = format == output_format::pretty ||
                            (format == output_format::automatic && isatty(fileno(stdout)) == 1);
        write_out(document.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace) +
                  '\n');
    }
};

int exit_status_of(const pm::operation_result& r) {
    return r.ok() ? exit_ok : exit_rule;
}

// The options every entity subcommand shares.
struct entity_arguments {
    std::string stored_path;
    std::string request_path;
    std::string now;
    std::optional<std::string> if_match;
    std::string read_only = "ignore";
    std::vector<std::string> access;  // MEMBER=ACCESS, each changing one row of the table

    void add_to(CLI::App& command, bool stored_required) {
        auto* stored = command.add_option("--stored", stored_path,
                                          "File with the stored entity (`-` for stdin; the JSON "
                                          "null when nothing is stored)");
        if (stored_required) {
            stored->required();
        }
        command.add_option("--request", request_path, "File with the request body (`-` for stdin)")
            ->required();
        command.add_option("--now", now, "The current time (default: the clock, UTC)");
        command.add_option("--if-match", if_match, "The If-Match header (G10)");
        command.add_option("--read-only", read_only, "ignore or reject (G6)")
            ->check(CLI::IsMember({"ignore", "reject"}));
        command.add_option("--access", access,
                           "MEMBER=writable|read_only|privileged: who may write a member of the "
                           "field table (repeatable)");
    }

    // The stored entity (null when --stored is absent) and the request, in that order.
    [[nodiscard]] std::pair<json, json> read() const {
        if (stored_path == "-" && request_path == "-") {
            throw input_error{"only one of --stored and --request can read stdin"};
        }
        json stored = stored_path.empty() ? json(nullptr) : read_json(stored_path);
        return {std::move(stored), read_json(request_path)};
    }
    [[nodiscard]] std::string time() const { return now.empty() ? utc_now() : now; }
    [[nodiscard]] pm::read_only_policy read_only_policy() const {
        return *pm::option_from_string<pm::read_only_policy>(read_only);
    }
    // `table` with each --access applied, in order.
    template <class Schema>
    [[nodiscard]] Schema schema(Schema table) const {
        for (const std::string& entry : access) {
            const std::size_t equals = entry.find('=');
            const auto level =
                equals == std::string::npos
                    ? std::nullopt
                    : pm::option_from_string<pm::field_access>(entry.substr(equals + 1));
            if (!level) {
                throw input_error{"--access " + entry +
                                  ": expected MEMBER=writable, MEMBER=read_only or "
                                  "MEMBER=privileged"};
            }
            try {
                table = table.with_access(entry.substr(0, equals), *level);
            } catch (const std::invalid_argument& e) {
                throw input_error{"--access " + entry + ": " + e.what()};
            }
        }
        return table;
    }
};

// The policy in `path` (docs/policies.md), or the default one when there is no path;
// a document that does not load is a usage error that lists every problem.
pm::policy read_policy(const std::optional<std::string>& path) {
    if (!path) {
        return {};
    }
    try {
        return pm::load_policy(read_json(*path));
    } catch (const pm::policy_error& e) {
        std::string problems;
        for (const pm::policy_problem& p : e.errors()) {
            problems += fmt::format("\n  {}: {}", p.pointer.empty() ? "(the document)" : p.pointer,
                                    p.message);
        }
        throw input_error{fmt::format("{}: not a policy:{}", *path, problems)};
    }
}

// `policy check`: each problem of each file with its pointer; 2 when there is one.
int run_policy_check(const std::vector<std::string>& files) {
    bool any = false;
    for (const std::string& file : files) {
        try {
            (void)pm::load_policy(read_json(file));
            fmt::print("{}: ok\n", file);
        } catch (const pm::policy_error& e) {
            any = true;
            for (const pm::policy_problem& p : e.errors()) {
                fmt::print("{}: {}: {}\n", file, p.pointer.empty() ? "(the document)" : p.pointer,
                           p.message);
            }
        }
    }
    return any ? exit_usage : exit_ok;
}

// Conformance: prints one line per failing case, then "N passed, N failed". A case
// without a policy of its own runs under `policy`.
int run_conformance(const std::vector<std::string>& files, const pm::policy& policy) {
    std::size_t passed = 0;
    std::size_t failed = 0;
    for (const std::string& file : files) {
        const json document = read_json(file);
        const pm::conformance_report report = pm::run_conformance(document, policy);
        if (!report.format_errors.empty()) {
            for (const auto& problem : report.format_errors) {
                fmt::print(stderr, "{}: not a conformance file: {}\n", file, problem);
            }
            return exit_usage;
        }
        for (const auto& c : report.cases) {
            if (c.passed()) {
                ++passed;
                continue;
            }
            ++failed;
            fmt::print("FAIL {} ({})\n", c.id, file);
            for (const auto& failure : c.failures) {
                fmt::print("  {}\n", failure);
            }
        }
    }
    fmt::print("{} passed, {} failed\n", passed, failed);
    return failed == 0 ? exit_ok : exit_rule;
}

// Streams NDJSON: one operation per line in, one result per line out. Each line is
// answered as soon as no further input is waiting, so a caller that writes a line
// and waits reads its answer; a file is still written in large blocks. Without
// --now, each line gets the clock's time when it is handled.
int run_batch(const std::string& path, const std::string& now, const pm::policy& policy) {
    std::ifstream file;
    std::istream& in = open_input(path, file);
    std::string line;
    std::string text;  // one result line, its buffer reused
    std::size_t number = 0;
    bool any_bad = false;
    bool too_long = false;
    std::time_t clock_second = -1;
    std::string clock_time;
    while (read_line(in, line, too_long)) {
        ++number;
        text.clear();
        if (too_long) {
            any_bad = true;
            const json reply{
                {"line", number},
                {"error",
                 {{"code", "input_too_large"},
                  {"message", fmt::format("line {} is larger than --max-input-bytes ({} bytes)",
                                          number, max_input_bytes)}}}};
            text = reply.dump();
        } else if (line.find_first_not_of(" \t\r") == std::string::npos) {
            continue;
        } else {
            if (now.empty() && std::time(nullptr) != clock_second) {
                clock_second = std::time(nullptr);
                clock_time = utc_now();
            }
            any_bad = run_batch_line(line, number, now.empty() ? clock_time : now, new_ulid, text,
                                     policy) ||
                      any_bad;
        }
        text.push_back('\n');
        write_out(text);
        if (in.rdbuf()->in_avail() <= 0 && std::fflush(stdout) != 0) {
            throw output_error{};
        }
    }
    return any_bad ? exit_rule : exit_ok;
}

// The seed's story, step by step: create the coolbikes profile, PATCH it, PUT it back.
int run_demo(const std::string& dir, const output& out) {
    const auto file = [&](const char* name) { return read_json(dir + "/" + name); };
    const std::string query = "coolbikes:rider:email:jdoe@example.com";
    const auto show = [&](const char* title, const std::string& call, const json& request,
                          const pm::operation_result& r) {
        fmt::print("== {}\n$ {}\nrequest: {}\n", title, call, request.dump());
        fmt::print("-> {} {}\n", r.status(), pm::to_string(r.outcome));
        out.print(pm::to_json(r));
        fmt::print("\n");
    };
    pm::put_options for_user;
    for_user.path_user_id = "81123613";
    const json create = file("create.json");
    auto created = pm::put_profile_by_query(
        nullptr, query, create, {"2020-02-03T22:14:48Z", "01E06HXMJ8RJ6C0MR142D6FBSA"}, for_user);
    show("1. Create the profile (no match for the query: U3)",
         "PUT /api/v2/users/81123613/profiles?identifier=" + query, create, created);

    const json patch = file("patch.json");
    auto patched = pm::patch_profile_by_query(std::move(created.entity), query, patch,
                                              {"2020-03-11T01:20:28Z"});
    show("2. Rename and change one attribute (P2, P3)",
         "PATCH /api/v2/user_profiles?identifier=" + query, patch, patched);

    // G2: every PUT by query may create, so the server hands it an id; a replace keeps
    // the stored one.
    const std::string unused_id = "01E0NEWPROFILEIDUNUSED0000";
    const json replace = file("replace.json");
    auto replaced = pm::put_profile_by_query(std::move(patched.entity), query, replace,
                                             {"2020-03-11T22:20:28Z", unused_id});
    show("3. Replace the content (U2)", "PUT /api/v2/user_profiles?identifier=" + query, replace,
         replaced);

    auto again = pm::put_profile_by_query(replaced.entity, query, replace,
                                          {"2020-03-12T08:00:00Z", unused_id});
    show("4. The same PUT again changes nothing (G4)",
         "PUT /api/v2/user_profiles?identifier=" + query, replace, again);

    const json conflict_request = replace;
    pm::put_options other_user;
    other_user.path_user_id = "42";
    auto conflict = pm::put_profile_by_query(again.entity, query, conflict_request,
                                             {"2020-03-12T08:00:00Z", unused_id}, other_user);
    show("5. Another user's path is a conflict (U7)",
         "PUT /api/v2/users/42/profiles?identifier=" + query, conflict_request, conflict);
    fmt::print("etag of the final profile: {}\n", pm::etag(again.entity));
    return exit_ok;
}

int run(int argc, char** argv) {
    CLI::App app{"profile-merge: apply the update rules of customer-profile APIs to JSON"};
    app.require_subcommand(1);
    app.fallthrough();  // --format may follow the subcommand
    app.set_version_flag("--version", PROFILE_MERGE_VERSION_STRING);

    output out;
    std::string format = "auto";
    app.add_option("--format", format, "auto (pretty on a terminal), pretty or compact")
        ->check(CLI::IsMember({"auto", "pretty", "compact"}));
    app.add_option("--max-input-bytes", max_input_bytes,
                   "The most one JSON document (a file, or a batch line) may hold")
        ->check(CLI::PositiveNumber);

    entity_arguments patch_args;
    std::optional<std::string> patch_query;
    std::string attribute_merge = "deep";
    auto* patch = app.add_subcommand("patch", "PATCH a profile (P1-P8)");
    patch_args.add_to(*patch, true);
    patch->add_option("--query", patch_query, "The identifier query the PATCH was addressed by");
    patch->add_option("--attribute-merge", attribute_merge, "deep (RFC 7396) or shallow (P3)")
        ->check(CLI::IsMember({"deep", "shallow"}));
    std::optional<std::string> policy_path;
    bool trusted = false;
    const auto add_policy = [&](CLI::App* command) {
        command->add_option("--policy", policy_path,
                            "A policy document (docs/policies.md); a vector's own wins");
        command->add_flag("--trusted", trusted,
                          "The server's own write: the policy's mutability and fields do not "
                          "apply (PL2)");
    };
    add_policy(patch);

    entity_arguments put_args;
    std::string put_query;
    std::optional<std::string> user_id;
    std::string new_id;
    auto* put =
        app.add_subcommand("put", "PUT a profile by identifier query: create or replace (U1-U8)");
    put_args.add_to(*put, false);
    put->add_option("--query", put_query, "The identifier query")->required();
    put->add_option("--user-id", user_id, "The {user_id} of PUT /users/{user_id}/profiles")
        ->check(CLI::Validator(
            [](const std::string& id) { return id.empty() ? "must not be empty" : ""; },
            "NON-EMPTY"));
    put->add_option("--new-id", new_id, "The id of a created profile (default: a fresh ULID)");

    entity_arguments put_by_id_args;
    auto* put_by_id = app.add_subcommand("put-by-id", "PUT a profile by its id (U6)");
    put_by_id_args.add_to(*put_by_id, true);
    add_policy(put);
    add_policy(put_by_id);

    entity_arguments user_args;
    std::string privileged = "ignore";
    auto* end_user = app.add_subcommand("end-user", "An end user updates itself (E1-E9)");
    user_args.add_to(*end_user, true);
    end_user->add_option("--privileged-fields", privileged, "ignore or reject (E3)")
        ->check(CLI::IsMember({"ignore", "reject"}));

    std::string query_text;
    auto* query = app.add_subcommand("query", "Parse an identifier query (Q1-Q3)");
    query->add_option("QUERY", query_text, "The query, as it arrived (may be percent-encoded)")
        ->required();

    std::string identifiers_path;
    auto* name = app.add_subcommand("name", "Derive a profile's name from identifiers (NM1)");
    name->add_option("FILE", identifiers_path, "A JSON array of {type, value} (`-` for stdin)")
        ->required();

    std::string etag_path;
    auto* etag = app.add_subcommand("etag", "The etag of an entity (G10)");
    etag->add_option("FILE", etag_path, "The entity (`-` for stdin)")->required();

    std::vector<std::string> vector_files;
    auto* conformance = app.add_subcommand("conformance", "Run conformance vector files");
    conformance->add_option("FILE", vector_files, "Files in the conformance format")->required();
    conformance->add_option("--policy", policy_path,
                            "The policy of a case without one of its own (docs/policies.md)");

    std::string batch_path = "-";
    std::string batch_now;
    auto* batch =
        app.add_subcommand("batch", "Run NDJSON operations, one result line per input line");
    batch->add_option("FILE", batch_path, "NDJSON operations (default: stdin)");
    batch->add_option("--now", batch_now, "`now` for lines without one (default: the clock)");
    batch->add_option("--policy", policy_path,
                      "The policy of a profile operation without one of its own");

    std::vector<std::string> policy_files;
    auto* policy = app.add_subcommand("policy", "Policy documents (docs/policies.md)");
    policy->require_subcommand(1);
    auto* policy_check =
        policy->add_subcommand("check", "Report every problem of each policy; 2 when there is one");
    policy_check->add_option("FILE", policy_files, "Policy documents")->required();

    std::string demo_dir = PROFILE_MERGE_EXAMPLES_DIR;
    auto* demo = app.add_subcommand("demo", "Replay the seed's coolbikes PATCH and PUT examples");
    demo->add_option("--dir", demo_dir, "The bundled example files");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? exit_ok : exit_usage;
    }
    out.format = format == "pretty"    ? output_format::pretty
                 : format == "compact" ? output_format::compact
                                       : output_format::automatic;
    try {
        if (*patch) {
            pm::patch_options options;
            options.attributes = *pm::option_from_string<pm::attribute_merge>(attribute_merge);
            options.read_only = patch_args.read_only_policy();
            options.schema = patch_args.schema(pm::profile_schema());
            options.if_match = patch_args.if_match;
            options.policy = read_policy(policy_path);
            options.trusted = trusted;
            const std::string now = patch_args.time();
            auto [stored, request] = patch_args.read();
            const auto r =
                patch_query ? pm::patch_profile_by_query(std::move(stored), *patch_query, request,
                                                         {now}, options)
                            : pm::patch_profile_by_id(std::move(stored), request, {now}, options);
            out.print(pm::to_json(r));
            return exit_status_of(r);
        }
        if (*put || *put_by_id) {
            entity_arguments& args = *put ? put_args : put_by_id_args;
            pm::put_options options;
            options.read_only = args.read_only_policy();
            options.schema = args.schema(pm::profile_schema());
            options.if_match = args.if_match;
            options.path_user_id = user_id;
            options.policy = read_policy(policy_path);
            options.trusted = trusted;
            const std::string now = args.time();
            const std::string id = new_id.empty() ? new_ulid() : new_id;
            auto [stored, request] = args.read();
            const auto r = *put ? pm::put_profile_by_query(std::move(stored), put_query, request,
                                                           {now, id}, options)
                                : pm::put_profile_by_id(std::move(stored), request, {now}, options);
            out.print(pm::to_json(r));
            return exit_status_of(r);
        }
        if (*end_user) {
            pm::end_user_options options;
            options.read_only = user_args.read_only_policy();
            options.schema = user_args.schema(pm::end_user_schema());
            options.privileged_fields =
                *pm::option_from_string<pm::privileged_fields_policy>(privileged);
            options.if_match = user_args.if_match;
            auto [stored, request] = user_args.read();
            const auto r =
                pm::update_end_user(std::move(stored), request, {user_args.time()}, options);
            out.print(pm::to_json(r));
            return exit_status_of(r);
        }
        if (*query) {
            const auto parsed = pm::parse_identifier_query(query_text);
            out.print(profile_merge_cli::query_result(parsed));
            return parsed.ok() ? exit_ok : exit_rule;
        }
        if (*name) {
            const json identifiers = read_json(identifiers_path);
            if (!identifiers.is_array()) {
                throw input_error{
                    fmt::format("{}: must hold a JSON array of {{type, value}}", identifiers_path)};
            }
            const auto derived = pm::derive_profile_name(identifiers);
            out.print(json{{"name", derived ? json(*derived) : json(nullptr)}});
            return derived ? exit_ok : exit_rule;
        }
        if (*etag) {
            fmt::print("{}\n", pm::etag(read_json(etag_path)));
            return exit_ok;
        }
        if (*conformance) {
            return run_conformance(vector_files, read_policy(policy_path));
        }
        if (*batch) {
            return run_batch(batch_path, batch_now, read_policy(policy_path));
        }
        if (*demo) {
            return run_demo(demo_dir, out);
        }
        if (*policy_check) {
            return run_policy_check(policy_files);
        }
    } catch (const input_error& e) {
        fmt::print(stderr, "profile-merge: {}\n", e.message);
        return exit_usage;
    }
    return exit_usage;
}

}  // namespace

// Any failure to write the output ends the tool with status 2 and says so: results
// that did not arrive are never reported as a success.
int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    int status = exit_usage;
    bool written = true;
    try {
        status = run(argc, argv);
    } catch (const output_error&) {
        written = false;
    } catch (const std::system_error&) {  // fmt::print to stdout
        written = false;
    }
    const int error = errno;
    if (!written || std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
        fmt::print(stderr, "profile-merge: cannot write the output: {}\n",
                   std::strerror(errno != 0 ? errno : error));
        return exit_usage;
    }
    return status;
}
