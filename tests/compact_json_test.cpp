// detail::append_compact, the writer behind append_json, the CLI's result lines and
// the conformance messages: its bytes must be the ones nlohmann's
// dump(-1, ' ', false, error_handler_t::replace) writes, for any value (R).
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

std::string dumped(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string compact(const json& value) {
    return pm::detail::dump_compact(value);
}

// `text` as a string value, as a member name, and inside a document long enough
// to have written earlier members first.
void expect_written_as_dump_writes(const std::string& text) {
    const json as_value = text;
    const json as_name = {{text, text}};
    const json in_document = {{"a", "plain"}, {"b", {1, text, nullptr}}, {"c", text}};
    for (const json* value : {&as_value, &as_name, &in_document}) {
        ASSERT_EQ(compact(*value), dumped(*value)) << "text of " << text.size() << " bytes";
    }
}

}  // namespace

TEST(CompactJson, EveryByteValueAtEveryPositionIsWrittenAsDumpWritesIt) {  // R
    // Lengths 1..24 cover the short reads (1, 2-3, 4-7 bytes), whole words, and the
    // overlapping last word; every byte value lands in every position of each.
    for (std::size_t length = 1; length <= 24; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
            for (int byte = 0; byte < 256; ++byte) {
                std::string text(length, 'a');
                text[at] = static_cast<char>(byte);
                expect_written_as_dump_writes(text);
            }
        }
    }
}

TEST(CompactJson, TheWordAtATimeTestAgreesWithItsScalarTwin) {  // R
    // Every byte value in every position of texts of 0 to 24 bytes (the short reads,
    // whole words, the overlapping last word), over a plain filler and over each
    // byte that is not plain, so that a word holding two different bytes is seen too.
    const std::string fillers = std::string("a~ ") + '"' + '\\' + '\x1f' + '\x7f' + '\x80';
    for (const char filler : fillers) {
        for (std::size_t length = 0; length <= 24; ++length) {
            std::string text(length, filler);
            EXPECT_EQ(pm::detail::is_plain_json_text(text),
                      pm::detail::is_plain_json_text_scalar(text));
            for (std::size_t at = 0; at < length; ++at) {
                for (int byte = 0; byte < 256; ++byte) {
                    text[at] = static_cast<char>(byte);
                    ASSERT_EQ(pm::detail::is_plain_json_text(text),
                              pm::detail::is_plain_json_text_scalar(text))
                        << "byte " << byte << " at " << at << " of " << length;
                }
                text[at] = filler;
            }
        }
    }
}

TEST(CompactJson, MultiByteSequencesAtEveryPositionAreKeptOrReplacedAsDumpDoes) {  // R
    const std::vector<std::string> sequences{
        "\xc3\xa9",          // é, well-formed
        "\xe2\x82\xac",      // €
        "\xf0\x9f\x98\x80",  // U+1F600, four bytes
        "\xc0\x80",          // overlong NUL
        "\xe0\x80\xaf",      // overlong '/'
        "\xed\xa0\x80",      // a surrogate
        "\xf4\x90\x80\x80",  // above U+10FFFF
        "\xe2\x82",          // cut short
        "\x80",              // a lone continuation byte
        "\xf5\x80\x80\x80",  // a lead byte that never starts a sequence
        "\xc3\xa9\"\x01",    // well-formed, then something to escape
    };
    for (const std::string& sequence : sequences) {
        for (std::size_t length = 0; length <= 20; ++length) {
            for (std::size_t at = 0; at <= length; ++at) {
                std::string text(length, 'b');
                text.insert(at, sequence);
                expect_written_as_dump_writes(text);
            }
        }
    }
}

TEST(CompactJson, TextLongerThanTheWritersBufferIsWrittenWhole) {  // R
    // The writer hands its 512-byte buffer over when it fills: strings of every
    // length around it, plain and escaped, starting at every offset of a word.
    for (std::size_t length = 500; length <= 1100; length += 3) {
        for (const char filler : {'x', '"', '\n'}) {
            std::string text(length, 'y');
            text[length / 2] = filler;
            for (std::size_t offset = 0; offset < 8; ++offset) {
                const json document = {{std::string(offset, 'k'), text}, {"z", text}};
                ASSERT_EQ(compact(document), dumped(document)) << length << ", " << offset;
            }
        }
    }
}

TEST(CompactJson, NumbersAreWrittenAsDumpWritesThem) {  // R
    const std::vector<json> numbers{
        0,
        -1,
        std::numeric_limits<std::int64_t>::min(),
        std::numeric_limits<std::int64_t>::max(),
        std::numeric_limits<std::uint64_t>::max(),
        0.0,
        -0.0,
        1.0,
        0.1,
        -2.5,
        1e16,
        1e21,
        1e300,
        -1e-300,
        5e-324,
        std::numeric_limits<double>::max(),
        std::numeric_limits<double>::min(),
        123456789.125,
        std::nan(""),
        std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity(),
    };
    for (const json& number : numbers) {
        EXPECT_EQ(compact(number), dumped(number));
        const json document = {{"n", number}, {"list", {number, number}}};
        EXPECT_EQ(compact(document), dumped(document));
    }
    EXPECT_EQ(compact(json(std::nan(""))), "null");
}

TEST(CompactJson, EveryKindOfValueIsWrittenAsDumpWritesIt) {  // R
    const std::vector<json> values{
        nullptr,
        true,
        false,
        json::object(),
        json::array(),
        json::parse(R"({"a":{},"b":[],"c":[[],{}],"d":{"e":{"f":[1,{"g":null}]}}})"),
        json::parse(R"([true,false,null,"s",1,-1,1.5,{"k":[]}])"),
        json::binary({1, 2, 255}),
        json::binary({}, 7),
        {{"bytes", json::binary({0, 9}, 42)}},
        json(json::value_t::discarded),
    };
    for (const json& value : values) {
        EXPECT_EQ(compact(value), dumped(value));
    }
}

TEST(CompactJson, AppendCompactAddsToWhatTheStringHolds) {
    std::string out = "line: ";
    pm::detail::append_compact(out, json{{"k", "v\n"}});
    EXPECT_EQ(out, R"(line: {"k":"v\n"})");
}
