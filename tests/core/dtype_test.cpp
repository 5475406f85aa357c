// zc::dtype: kinds, widths, byte orders, struct-module and numpy spellings,
// canonical comparison, and every refusal of the parser.
#include <gtest/gtest.h>

#include <complex>
#include <cstdint>
#include <string>
#include <vector>

#include "expect_error.hpp"
#include "zc/dtype.hpp"
#include "zc/error.hpp"

namespace {

using zc::byte_order;
using zc::dtype;
using zc::dtype_kind;

constexpr byte_order other_order =
    zc::host_byte_order == byte_order::little ? byte_order::big : byte_order::little;

using zc::test::error_of;

TEST(dtype, default_is_one_unsigned_byte) {
  constexpr dtype d;
  EXPECT_EQ(d.kind(), dtype_kind::unsigned_int);
  EXPECT_EQ(d.bits(), 8);
  EXPECT_EQ(d.itemsize(), 1u);
  EXPECT_EQ(d.format(), "B");
  EXPECT_EQ(d.str(), "|u1");
}

TEST(dtype, dtype_of_covers_every_element_type) {
  EXPECT_EQ(zc::dtype_of<std::int8_t>(), dtype::parse("b"));
  EXPECT_EQ(zc::dtype_of<std::uint8_t>(), dtype::parse("B"));
  EXPECT_EQ(zc::dtype_of<std::int16_t>(), dtype::parse("h"));
  EXPECT_EQ(zc::dtype_of<std::uint16_t>(), dtype::parse("H"));
  EXPECT_EQ(zc::dtype_of<std::int32_t>(), dtype::parse("i"));
  EXPECT_EQ(zc::dtype_of<std::uint32_t>(), dtype::parse("I"));
  EXPECT_EQ(zc::dtype_of<std::int64_t>(), dtype::parse("q"));
  EXPECT_EQ(zc::dtype_of<std::uint64_t>(), dtype::parse("Q"));
  EXPECT_EQ(zc::dtype_of<float>(), dtype::parse("f"));
  EXPECT_EQ(zc::dtype_of<double>(), dtype::parse("d"));
  EXPECT_EQ(zc::dtype_of<std::complex<float>>(), dtype::parse("Zf"));
  EXPECT_EQ(zc::dtype_of<std::complex<double>>(), dtype::parse("Zd"));
  EXPECT_EQ(zc::dtype_of<bool>(), dtype::parse("?"));
  EXPECT_EQ(zc::dtype_of<const volatile double>(), zc::dtype_of<double>());
  EXPECT_EQ(zc::dtype_of<std::complex<double>>().itemsize(), 16u);
  EXPECT_EQ(zc::dtype_of<std::complex<double>>().swap_unit(), 8u);
  EXPECT_EQ(zc::dtype_of<std::uint8_t>().itemsize(), 1u);
  static_assert(zc::dtype_of<std::uint16_t>().bits() == 16);
  static_assert(!zc::is_element_type_v<long double>);
  static_assert(!zc::is_element_type_v<std::string>);
}

struct parse_case {
  const char* text;
  dtype_kind kind;
  int bits;
  byte_order order;  // as resolved
};

TEST(dtype, parses_struct_codes_with_every_prefix) {
  const byte_order host = zc::host_byte_order;
  const std::vector<parse_case> cases = {
      {"b", dtype_kind::signed_int, 8, host},
      {"B", dtype_kind::unsigned_int, 8, host},
      {"h", dtype_kind::signed_int, 16, host},
      {"H", dtype_kind::unsigned_int, 16, host},
      {"i", dtype_kind::signed_int, 32, host},
      {"I", dtype_kind::unsigned_int, 32, host},
      {"l", dtype_kind::signed_int, static_cast<int>(sizeof(long) * 8), host},
      {"L", dtype_kind::unsigned_int, static_cast<int>(sizeof(long) * 8), host},
      {"q", dtype_kind::signed_int, 64, host},
      {"Q", dtype_kind::unsigned_int, 64, host},
      {"n", dtype_kind::signed_int, static_cast<int>(sizeof(std::size_t) * 8), host},
      {"N", dtype_kind::unsigned_int, static_cast<int>(sizeof(std::size_t) * 8), host},
      {"e", dtype_kind::floating, 16, host},
      {"f", dtype_kind::floating, 32, host},
      {"d", dtype_kind::floating, 64, host},
      {"?", dtype_kind::boolean, 8, host},
      {"Zf", dtype_kind::complex, 64, host},
      {"Zd", dtype_kind::complex, 128, host},
      {"@d", dtype_kind::floating, 64, host},
      {"=i", dtype_kind::signed_int, 32, host},
      {"<H", dtype_kind::unsigned_int, 16, byte_order::little},
      {">H", dtype_kind::unsigned_int, 16, byte_order::big},
      {"!H", dtype_kind::unsigned_int, 16, byte_order::big},
      {"<Zd", dtype_kind::complex, 128, byte_order::little},
      {">e", dtype_kind::floating, 16, byte_order::big},
      // Standard sizes: 'l' is 4 bytes with any prefix but '@'.
      {"<l", dtype_kind::signed_int, 32, byte_order::little},
      {"=L", dtype_kind::unsigned_int, 32, host},
      {"!q", dtype_kind::signed_int, 64, byte_order::big},
  };
  for (const parse_case& c : cases) {
    SCOPED_TRACE(c.text);
    const dtype d = dtype::parse(c.text);
    EXPECT_EQ(d.kind(), c.kind);
    EXPECT_EQ(d.bits(), c.bits);
    EXPECT_EQ(d.itemsize(), static_cast<std::size_t>(c.bits / 8));
    EXPECT_EQ(d.resolved_order(), c.order);
    EXPECT_EQ(dtype::parse(d.format()), d) << d.format();
    EXPECT_EQ(dtype::parse(d.str()), d) << d.str();
  }
}

TEST(dtype, parses_numpy_type_strings) {
  const byte_order host = zc::host_byte_order;
  const std::vector<parse_case> cases = {
      {"<f8", dtype_kind::floating, 64, byte_order::little},
      {">u2", dtype_kind::unsigned_int, 16, byte_order::big},
      {"|u1", dtype_kind::unsigned_int, 8, host},
      {"|i1", dtype_kind::signed_int, 8, host},
      {"|b1", dtype_kind::boolean, 8, host},
      {"<c16", dtype_kind::complex, 128, byte_order::little},
      {">c8", dtype_kind::complex, 64, byte_order::big},
      {"=i4", dtype_kind::signed_int, 32, host},
      {"f2", dtype_kind::floating, 16, host},
      {"<i8", dtype_kind::signed_int, 64, byte_order::little},
      {"u8", dtype_kind::unsigned_int, 64, host},
  };
  for (const parse_case& c : cases) {
    SCOPED_TRACE(c.text);
    const dtype d = dtype::parse(c.text);
    EXPECT_EQ(d.kind(), c.kind);
    EXPECT_EQ(d.bits(), c.bits);
    EXPECT_EQ(d.resolved_order(), c.order);
  }
}

TEST(dtype, prints_format_str_name_describe) {
  EXPECT_EQ(dtype::parse(">u2").format(), ">H");
  EXPECT_EQ(dtype::parse(">u2").str(), ">u2");
  EXPECT_EQ(dtype::parse("<f8").format(), "<d");
  EXPECT_EQ(dtype::parse("<f8").str(), "<f8");
  EXPECT_EQ(dtype::parse("<f8").name(), "float64");
  EXPECT_EQ(dtype::parse("<f4").describe(), "'<f4' (float32)");
  EXPECT_EQ(dtype::parse("?").format(), "?");
  EXPECT_EQ(dtype::parse("?").str(), "|b1");
  EXPECT_EQ(dtype::parse("?").name(), "bool");
  EXPECT_EQ(dtype::parse("<Zf").format(), "<Zf");
  EXPECT_EQ(dtype::parse(">c16").str(), ">c16");
  EXPECT_EQ(dtype::parse(">c16").name(), "complex128");
  EXPECT_EQ(dtype::parse("b").name(), "int8");
  EXPECT_EQ(dtype::parse("<Q").name(), "uint64");
  // One-byte types print without an order: order cannot matter.
  EXPECT_EQ(dtype::parse(">B").format(), "B");
  EXPECT_EQ(dtype::parse("<b").str(), "|i1");
}

TEST(dtype, comparison_is_canonical) {
  if constexpr (sizeof(long) == 8) {
    EXPECT_EQ(dtype::parse("l"), dtype::parse("q"));
    EXPECT_EQ(dtype::parse("L"), dtype::parse("Q"));
    EXPECT_EQ(dtype::parse("l"), zc::dtype_of<long>());
  }
  EXPECT_EQ(dtype::parse("<l"), dtype::parse("<i"));
  EXPECT_NE(dtype::parse("<l"), dtype::parse("<q"));
  // Native resolves to the host order.
  const dtype native_d = dtype::parse("=d");
  EXPECT_EQ(native_d.order(), byte_order::native);
  EXPECT_EQ(native_d, zc::dtype_of<double>().with_order(zc::host_byte_order));
  EXPECT_NE(native_d, native_d.with_order(other_order));
  EXPECT_TRUE(native_d.is_native_order());
  EXPECT_FALSE(native_d.with_order(other_order).is_native_order());
  // Byte order of 1-byte types is irrelevant.
  EXPECT_EQ(dtype::parse("<B"), dtype::parse(">B"));
  EXPECT_EQ(dtype::parse("|u1"), dtype::parse("B"));
  EXPECT_TRUE(dtype::parse(">b").is_native_order());
  // Kind and width both matter.
  EXPECT_NE(dtype::parse("i"), dtype::parse("I"));
  EXPECT_NE(dtype::parse("i"), dtype::parse("f"));
  EXPECT_NE(dtype::parse("B"), dtype::parse("?"));
  EXPECT_NE(dtype::parse("b"), dtype::parse("h"));
  EXPECT_NE(dtype::parse("Zf"), dtype::parse("d"));
}

TEST(dtype, explicit_constructor_validates_combinations) {
  EXPECT_EQ(dtype(dtype_kind::floating, 32, byte_order::big), dtype::parse(">f"));
  EXPECT_EQ(dtype(dtype_kind::complex, 64), zc::dtype_of<std::complex<float>>());
  const std::vector<std::pair<dtype_kind, int>> bad = {
      {dtype_kind::signed_int, 24}, {dtype_kind::unsigned_int, 128}, {dtype_kind::floating, 8},
      {dtype_kind::floating, 128},  {dtype_kind::complex, 32},       {dtype_kind::boolean, 16},
      {dtype_kind::signed_int, 0},  {dtype_kind::signed_int, -8},
  };
  for (const auto& combination : bad) {
    // Plain names, not a structured binding: clang 14 cannot capture those in a lambda.
    const dtype_kind kind = combination.first;
    const int bits = combination.second;
    SCOPED_TRACE(bits);
    const std::string msg = error_of([&] { (void)dtype(kind, bits); }, zc::errc::invalid_argument);
    EXPECT_NE(msg.find(std::to_string(bits)), std::string::npos) << msg;
  }
}

TEST(dtype, refuses_padding_clearly) {
  const std::string msg = error_of([] { (void)dtype::parse("x"); }, zc::errc::invalid_format);
  EXPECT_NE(msg.find("'x'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("pad"), std::string::npos) << msg;
  (void)error_of([] { (void)dtype::parse("<x"); }, zc::errc::invalid_format);
}

// Struct formats pad with 'x' before or between fields ("xxH", "3xI",
// "Hx"): the refusal says that pad bytes are the problem wherever the 'x'
// is, not only for a lone "x".  Before, "xxH" got "expected one type code
// ..." and "3xI" a remark about repeat counts.
TEST(dtype, refuses_padding_anywhere_in_the_format_clearly) {
  for (const std::string text : {"xxH", "<xH", "Hx", "3xI", "!2xh", "xd"}) {
    SCOPED_TRACE(text);
    const std::string msg = error_of([&] { (void)dtype::parse(text); }, zc::errc::invalid_format);
    ZC_EXPECT_CONTAINS(msg, "'" + text + "'");
    ZC_EXPECT_CONTAINS(msg, "pad");
  }
}

TEST(dtype, refuses_malformed_formats_naming_the_text) {
  const std::vector<std::string> bad = {
      "",     "<",  "@",    "!",    "|",    "@f8", "!i4",  "y",
      "Z",    "Zx", "ZZ",   "dd",   "2d",   "3B",  "<>d",  "d ",
      " d",   "f3", "u3",   "i16",  "c4",   "b2",  "f16",  "<f99999999999999999999",
      "u0",   "k4", "T{d}", "(2)d", "i4i4", "<n",  ">N",   "=n",
      "s",    "@F", "!p",   "c",    "g",    "u",   "\x01", "<u-2",
      "<u+2",
  };
  for (const std::string& text : bad) {
    SCOPED_TRACE(text);
    const std::string msg = error_of([&] { (void)dtype::parse(text); }, zc::errc::invalid_format);
    // The message quotes what was found.
    EXPECT_NE(msg.find("'" + text + "'"), std::string::npos) << msg;
  }
}

// What NumPy's dtype() accepts beyond the type strings: its type characters
// after '|' (native sizes) and 'F', 'D', 'p', 'P'.  '@' and '!' are the
// struct module's and never precede NumPy spellings (before, "@f8" and
// "!f8" parsed although struct and NumPy both refuse them).
TEST(dtype, accepts_numpy_type_characters_as_numpy_does) {
  EXPECT_EQ(dtype::parse("|B"), zc::dtype_of<std::uint8_t>());
  EXPECT_EQ(dtype::parse("|f"), zc::dtype_of<float>());
  EXPECT_EQ(dtype::parse("|l"), zc::dtype_of<long>());
  EXPECT_EQ(dtype::parse("F"), zc::dtype_of<std::complex<float>>());
  EXPECT_EQ(dtype::parse(">D"), dtype::parse(">c16"));
  EXPECT_EQ(dtype::parse("p"), zc::dtype_of<std::intptr_t>());
  EXPECT_EQ(dtype::parse("<P").itemsize(), sizeof(void*));
  for (const std::string text : {"@f8", "!f8", "@i4", "!b1", "@D", "!P", "|n", "|Zd"}) {
    SCOPED_TRACE(text);
    const std::string msg = error_of([&] { (void)dtype::parse(text); }, zc::errc::invalid_format);
    ZC_EXPECT_CONTAINS(msg, "'" + text + "'");
  }
}

TEST(dtype, parse_accepts_embedded_nul_as_an_error_not_a_truncation) {
  // A string_view with a NUL after a valid code must not parse as the code.
  const std::string text("d\0", 2);
  (void)error_of([&] { (void)dtype::parse(text); }, zc::errc::invalid_format);
}

TEST(dtype, errc_names_are_stable) {
  EXPECT_STREQ(zc::to_string(zc::errc::invalid_format), "invalid_format");
  EXPECT_STREQ(zc::to_string(zc::errc::readonly), "readonly");
  EXPECT_STREQ(zc::to_string(zc::errc::truncated), "truncated");
  EXPECT_STREQ(zc::to_string(static_cast<zc::errc>(200)), "unknown");
  const zc::error e(zc::errc::layout, "why");
  const std::exception& base = e;
  EXPECT_STREQ(base.what(), "why");
}

}  // namespace
