// The conformance vectors under tests/vectors, run through the runner that
// follows docs/conformance.md, and the runner's own behaviour.
#include "support.hpp"

#include <profile_merge/testing/conformance.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace {

json read_json(const std::filesystem::path& path) {
    std::ifstream in(path);
    return json::parse(in);
}

std::vector<std::filesystem::path> vector_files() {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(PROFILE_MERGE_TEST_VECTOR_DIR)) {
        if (entry.path().extension() == ".json")
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST(Conformance, EveryBundledVectorPasses) {
    const auto files = vector_files();
    ASSERT_GE(files.size(), 2u);
    std::size_t cases = 0;
    for (const auto& file : files) {
        const pm::conformance_report report = pm::run_conformance(read_json(file));
        EXPECT_TRUE(report.format_errors.empty())
            << file << ": " << ::testing::PrintToString(report.format_errors);
        for (const auto& c : report.cases) {
            ++cases;
            EXPECT_TRUE(c.passed()) << file.filename() << " " << c.id << ":\n  "
                                    << ::testing::PrintToString(c.failures);
        }
    }
    EXPECT_GE(cases, 40u);
}

TEST(Conformance, EveryRuleIdIsExercisedByAVector) {
    std::set<std::string> cited;
    for (const auto& file : vector_files()) {
        const json document = read_json(file);
        for (const auto& c : document["cases"]) {
            for (const auto& rule : c.value("rules", json::array()))
                cited.insert(rule.get<std::string>());
        }
    }
    for (const char* rule :
         {"G1", "G3",  "G4",  "G5",  "G6",  "G7",  "G8",  "G9",  "G10", "Q1",  "Q2",
          "Q3", "Q4",  "Q5",  "N1",  "N2",  "N3",  "N4",  "F1",  "NM1", "P1",  "P2",
          "P3", "P4",  "P5",  "P6",  "P7",  "P8",  "U1",  "U2",  "U3",  "U4",  "U5",
          "U6", "U7",  "U8",  "E1",  "E2",  "E3",  "E4",  "E5",  "E6",  "E7",  "E8",
          "E9", "PL1", "PL2", "PL3", "PL4", "PL5", "PL6", "PL7", "PL8", "PL9", "PL10"}) {
        EXPECT_EQ(cited.count(rule), 1u) << rule << " has no vector";
    }
}

TEST(Conformance, AWrongExpectationIsReportedAsAFailureWithADiff) {
    json document =
        read_json(std::filesystem::path(PROFILE_MERGE_TEST_VECTOR_DIR) / "seed_vectors.json");
    json& seed = document["cases"][0];
    seed["expect"]["profile"]["name"] = "Not Jane";
    seed["expect"]["outcome"] = "created";
    const auto report = pm::run_conformance(document);
    ASSERT_EQ(report.failed(), 1u);
    const auto& failures = report.cases[0].failures;
    ASSERT_EQ(failures.size(), 2u);
    EXPECT_NE(failures[0].find("expected \"created\", got \"updated\""), std::string::npos)
        << failures[0];
    EXPECT_NE(failures[1].find("/name"), std::string::npos) << failures[1];
}

TEST(Conformance, ADocumentOutsideTheFormatIsRefusedWithReasons) {
    EXPECT_FALSE(pm::run_conformance(json::array()).format_errors.empty());
    const auto report = pm::run_conformance(json::parse(R"({"cases":[
        {"id":"a","op":"teleport","expect":{"outcome":"ok"}},
        {"id":"a","op":"patch_profile","expect":{}},
        {"id":"b","op":"derive_profile_name","identifiers":[],"expect":{"outcome":"ok"},"options":{"speed":"max"}}]})"));
    EXPECT_TRUE(report.cases.empty());
    const std::string all = ::testing::PrintToString(report.format_errors);
    EXPECT_NE(all.find("unknown op `teleport`"), std::string::npos) << all;
    EXPECT_NE(all.find("`request`"), std::string::npos) << all;
    EXPECT_NE(all.find("option `speed`"), std::string::npos) << all;
    EXPECT_NE(all.find("not unique"), std::string::npos) << all;
}

// An operation's members are found in one walk of its map: each among names one
// byte longer or shorter, or of its length and a byte apart, and a missing one
// stays null without hiding another.
TEST(Conformance, AnOperationsMembersAreFoundAmongOthersInOneWalk) {
    const std::vector<std::string> names{"expect", "id",      "identifiers", "new_id",
                                         "now",    "op",      "options",     "policy",
                                         "query",  "request", "stored",      "user_id"};
    const std::vector<std::string> others{
        "",         "a",   "expec",  "expecta", "i",        "idd", "identifi", "new",
        "new_ie",   "nox", "o",      "opa",     "optionsz", "pol", "policyy",  "q",
        "request_", "s",   "storee", "user",    "user_idz", "zz"};
    const auto read = [](const json& operation) {
        const pm::detail::operation_members m = pm::detail::read_operation_members(operation);
        std::map<std::string, const json*> found;
        for (const auto& entry : pm::detail::operation_member_names) {
            found[std::string(entry.name)] = m.*(entry.member);
        }
        return found;
    };
    for (std::size_t missing = 0; missing <= names.size(); ++missing) {
        json operation = json::object();
        for (const std::string& other : others) {
            operation[other] = "other";
        }
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (i != missing) {
                operation[names[i]] = names[i];
            }
        }
        const auto found = read(operation);
        ASSERT_EQ(found.size(), names.size());
        for (std::size_t i = 0; i < names.size(); ++i) {
            const json* member = found.at(names[i]);
            if (i == missing) {
                EXPECT_EQ(member, nullptr) << names[i];
            } else {
                ASSERT_NE(member, nullptr) << names[i] << " (missing: " << missing << ")";
                EXPECT_EQ(*member, names[i]);
            }
        }
    }
    for (const json& not_an_object : {json(nullptr), json::array({"op"}), json("op")}) {
        for (const auto& [name, member] : read(not_an_object)) {
            EXPECT_EQ(member, nullptr) << name;
        }
    }
}
