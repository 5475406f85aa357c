// check_header: every malformed-header case refused with what was expected
// and what was found, and the accepted spellings of a good header.
#include <gtest/gtest.h>

#include <string>

#include "allocation_counter.hpp"
#include "expect_error.hpp"
#include "npy_test_util.hpp"
#include "temp_dir.hpp"
#include "zc/npy.hpp"

namespace {

using zc::test::npy_bytes;

const std::string good = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";

zc::npy::header_check check(const std::string& dict, int major = 1) {
  return zc::npy::check_header(npy_bytes(dict, major));
}

// Expects a refusal with `code` whose found text contains `found_part`.
void expect_refused(const zc::npy::header_check& c, zc::errc code, const std::string& found_part) {
  EXPECT_FALSE(c.valid);
  EXPECT_EQ(c.code, code) << c.message();
  ZC_EXPECT_CONTAINS(c.found, found_part);
  EXPECT_FALSE(c.expected.empty());
  ZC_EXPECT_CONTAINS(c.message(), "expected " + c.expected + ", found " + c.found);
}

TEST(npy_header, a_numpy_header_is_read) {
  const zc::npy::header_check c = check(good);
  ASSERT_TRUE(c.valid) << c.message();
  EXPECT_EQ(c.info.dtype, zc::dtype::parse("<f8"));
  EXPECT_EQ(c.info.dtype.order(), zc::byte_order::little);
  EXPECT_EQ(c.info.shape, (zc::dims{2, 3}));
  EXPECT_FALSE(c.info.fortran_order);
  EXPECT_EQ(c.info.header_length, 10 + good.size());
  EXPECT_EQ(c.info.payload_bytes(), 48u);
  EXPECT_EQ(c.info.major_version, 1);
}

TEST(npy_header, accepts_what_a_python_literal_allows) {
  for (const std::string& dict : {
           std::string("{\"shape\": (4,), \"descr\": \">u2\", \"fortran_order\": True}"),
           std::string("{ 'descr' : '>u2' ,'fortran_order':True,'shape':( 4 , ) }   \n"),
           std::string("{'descr': '>u2',\n 'fortran_order': True,\n 'shape': (4,)}\n"),
       }) {
    const zc::npy::header_check c = check(dict);
    ASSERT_TRUE(c.valid) << dict << ": " << c.message();
    EXPECT_EQ(c.info.dtype, zc::dtype::parse(">u2"));
    EXPECT_EQ(c.info.shape, (zc::dims{4}));
    EXPECT_TRUE(c.info.fortran_order);
  }
}

TEST(npy_header, rank_0_and_rank_8_and_empty_shapes) {
  const auto scalar = check("{'descr': '<i4', 'fortran_order': False, 'shape': (), }");
  ASSERT_TRUE(scalar.valid) << scalar.message();
  EXPECT_EQ(scalar.info.shape.size(), 0u);
  EXPECT_EQ(scalar.info.payload_bytes(), 4u);
  const auto rank8 =
      check("{'descr': '<i4', 'fortran_order': False, 'shape': (1, 2, 1, 2, 1, 2, 1, 2), }");
  ASSERT_TRUE(rank8.valid) << rank8.message();
  EXPECT_EQ(rank8.info.shape.size(), 8u);
  const auto empty = check("{'descr': '<i4', 'fortran_order': False, 'shape': (0, 5), }");
  ASSERT_TRUE(empty.valid) << empty.message();
  EXPECT_EQ(empty.info.payload_bytes(), 0u);
}

TEST(npy_header, every_supported_descr) {
  for (const char* descr : {"|b1", "|i1", "<i2", ">i4", "<i8", "|u1", ">u2", "<u4", ">u8", "<f2",
                            ">f4", "<f8", "<c8", ">c16", "=i4", "u2", "|f8"}) {
    const auto c =
        check(std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (1,), }");
    EXPECT_TRUE(c.valid) << descr << ": " << c.message();
  }
  const auto big = check("{'descr': '>c16', 'fortran_order': False, 'shape': (1,), }");
  EXPECT_EQ(big.info.dtype.order(), zc::byte_order::big);
  EXPECT_EQ(big.info.dtype.kind(), zc::dtype_kind::complex);
}

TEST(npy_header, versions_2_and_3_are_read) {
  const auto v2 = check(good, 2);
  ASSERT_TRUE(v2.valid) << v2.message();
  EXPECT_EQ(v2.info.major_version, 2);
  EXPECT_EQ(v2.info.header_length, 12 + good.size());
  const auto v3 = check(good, 3);
  ASSERT_TRUE(v3.valid) << v3.message();
  EXPECT_EQ(v3.info.major_version, 3);
}

TEST(npy_header_refuses, a_wrong_magic) {
  auto bytes = npy_bytes(good);
  bytes[1] = std::byte{'X'};
  expect_refused(zc::npy::check_header(bytes), zc::errc::invalid_format, "\\x93XUMPY");
  const std::string png = "\x89PNG\r\n\x1a\n";
  expect_refused(zc::npy::check_header(std::as_bytes(std::span(png.data(), png.size()))),
                 zc::errc::invalid_format, "PNG");
}

TEST(npy_header_refuses, an_unknown_version) {
  expect_refused(check(good, 4), zc::errc::invalid_format, "version 4.0");
  expect_refused(check(good, 0), zc::errc::invalid_format, "version 0.0");
  auto bytes = npy_bytes(good);
  bytes[7] = std::byte{1};
  expect_refused(zc::npy::check_header(bytes), zc::errc::invalid_format, "version 1.1");
}

TEST(npy_header_refuses, a_header_cut_short_saying_how_much_it_needs) {
  const auto bytes = npy_bytes(good);
  const auto c = zc::npy::check_header(std::span(bytes).first(30));
  expect_refused(c, zc::errc::truncated, "30 bytes");
  EXPECT_EQ(c.bytes_needed, bytes.size());
  EXPECT_EQ(zc::npy::check_header(std::span(bytes).first(7)).bytes_needed, 10u);
  const auto v2 = npy_bytes(good, 2);
  EXPECT_EQ(zc::npy::check_header(std::span(v2).first(10)).bytes_needed, 12u);
  EXPECT_EQ(zc::npy::check_header({}).code, zc::errc::truncated);
}

TEST(npy_header_refuses, an_absurd_header_length_before_allocating) {
  std::vector<std::byte> bytes = npy_bytes(good, 2);
  for (std::size_t i = 8; i < 12; ++i) bytes[i] = std::byte{0xff};  // 4 GiB - 1
  expect_refused(zc::npy::check_header(bytes), zc::errc::limit_exceeded, "4294967295 bytes");
  // Through a stream: refused after reading 12 bytes, nothing of that size allocated.
  const zc::test::allocation_counter counter;
  zc::memory_source source(
      zc::view(static_cast<const void*>(bytes.data()), zc::dtype{}, zc::dims{bytes.size()}));
  const std::string message =
      zc::test::error_of([&] { zc::npy::read_info(source); }, zc::errc::limit_exceeded);
  ZC_EXPECT_CONTAINS(message, "4294967295");
  EXPECT_LT(counter.largest(), 4096u);
  EXPECT_EQ(source.position(), 12u);
}

TEST(npy_header_refuses, a_non_ascii_header) {
  expect_refused(check("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\xc3\xa9"),
                 zc::errc::invalid_format, "\\xc3");
  expect_refused(check("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), '\xc3\xa9': 1}", 3),
                 zc::errc::invalid_format, "\\xc3");
  expect_refused(check(std::string("{'descr': '<f8'\0, 'fortran_order': False, 'shape': ()}", 52)),
                 zc::errc::invalid_format, "\\x00");
}

TEST(npy_header_refuses, a_dict_that_is_not_a_dict) {
  expect_refused(check("['descr', '<f8']"), zc::errc::invalid_format, "['descr'");
  expect_refused(check(""), zc::errc::invalid_format, "the end of the header");
  expect_refused(check("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)"),
                 zc::errc::invalid_format, "the end of the header");
  expect_refused(check("{'descr' '<f8', 'fortran_order': False, 'shape': (2,)}"),
                 zc::errc::invalid_format, "'<f8'");
  expect_refused(check("{'descr': '<f8' 'fortran_order': False, 'shape': (2,)}"),
                 zc::errc::invalid_format, "'fortran_order'");
  expect_refused(check("{descr: '<f8', 'fortran_order': False, 'shape': (2,)}"),
                 zc::errc::invalid_format, "descr:");
  expect_refused(check("{'descr: '<f8', 'fortran_order': False, 'shape': (2,)}"),
                 zc::errc::invalid_format, "<f8");
  expect_refused(check("{'descr': '<f8\n', 'fortran_order': False, 'shape': (2,)}"),
                 zc::errc::invalid_format, "unterminated");
  expect_refused(check("{'descr': '<f\\x38', 'fortran_order': False, 'shape': (2,)}"),
                 zc::errc::invalid_format, "\\x38");
}

TEST(npy_header_refuses, a_missing_key) {
  expect_refused(check("{'descr': '<f8', 'fortran_order': False}"), zc::errc::invalid_format,
                 "no 'shape' key");
  expect_refused(check("{'shape': (2,), 'fortran_order': False}"), zc::errc::invalid_format,
                 "no 'descr' key");
  expect_refused(check("{'descr': '<f8', 'shape': (2,)}"), zc::errc::invalid_format,
                 "no 'fortran_order' key");
  expect_refused(check("{}"), zc::errc::invalid_format, "no 'descr' key");
}

TEST(npy_header_refuses, an_unknown_or_repeated_key) {
  expect_refused(check("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}"),
                 zc::errc::invalid_format, "the key 'extra'");
  expect_refused(check("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'shape': (3,)}"),
                 zc::errc::invalid_format, "'shape' twice");
}

TEST(npy_header_refuses, trailing_garbage_after_the_dict) {
  expect_refused(check(good + " garbage\n"), zc::errc::invalid_format, "trailing 'garbage");
  expect_refused(check(good + "}"), zc::errc::invalid_format, "trailing '}'");
}

TEST(npy_header_refuses, a_bad_shape) {
  const std::string head = "{'descr': '<f8', 'fortran_order': False, 'shape': ";
  expect_refused(check(head + "[2, 3]}"), zc::errc::invalid_format, "[2, 3]");
  expect_refused(check(head + "(3)}"), zc::errc::invalid_format, "parenthesised number");
  expect_refused(check(head + "3}"), zc::errc::invalid_format, "'3}'");
  expect_refused(check(head + "(-3,)}"), zc::errc::invalid_format, "-3");
  expect_refused(check(head + "(03,)}"), zc::errc::invalid_format, "03");
  expect_refused(check(head + "(3.5,)}"), zc::errc::invalid_format, ".5");
  expect_refused(check(head + "(3L, 4L)}"), zc::errc::invalid_format, "3L");
  expect_refused(check(head + "(1_000,)}"), zc::errc::invalid_format, "1_000");
  expect_refused(check(head + "(2 3)}"), zc::errc::invalid_format, "3)");
  expect_refused(check(head + "(,)}"), zc::errc::invalid_format, ",)");
  expect_refused(check(head + "(1, 1, 1, 1, 1, 1, 1, 1, 1)}"), zc::errc::limit_exceeded, "more");
  expect_refused(check(head + "(99999999999999999999,)}"), zc::errc::overflow,
                 "99999999999999999999");
  expect_refused(check(head + "(9223372036854775808,)}"), zc::errc::overflow,
                 "9223372036854775808");
  // Each extent fits, the byte size does not.
  expect_refused(check(head + "(4611686018427387904, 4)}"), zc::errc::overflow,
                 "(4611686018427387904, 4)");
  expect_refused(check(head + "(1152921504606846976,)}"), zc::errc::overflow, "'<f8'");
}

TEST(npy_header, an_empty_shape_with_huge_extents_is_empty_not_overflowing) {
  const auto c = check(
      "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, "
      "4611686018427387904, "
      "0)}");
  ASSERT_TRUE(c.valid) << c.message();
  EXPECT_EQ(c.info.payload_bytes(), 0u);
}

TEST(npy_header_refuses, a_bad_fortran_order) {
  expect_refused(check("{'descr': '<f8', 'fortran_order': 1, 'shape': (2,)}"),
                 zc::errc::invalid_format, "'1,");
  expect_refused(check("{'descr': '<f8', 'fortran_order': 'False', 'shape': (2,)}"),
                 zc::errc::invalid_format, "'False'");
  expect_refused(check("{'descr': '<f8', 'fortran_order': true, 'shape': (2,)}"),
                 zc::errc::invalid_format, "true");
}

TEST(npy_header_refuses, dtypes_zcbridge_does_not_describe_naming_them) {
  const std::string tail = "', 'fortran_order': False, 'shape': (2,)}";
  for (const auto& [descr, what] :
       std::vector<std::pair<std::string, std::string>>{{"|O", "object"},
                                                        {"<U10", "unicode string"},
                                                        {"|S5", "byte string"},
                                                        {"|V8", "void"},
                                                        {"<M8[ns]", "datetime"},
                                                        {"<m8[s]", "timedelta"},
                                                        {"<f16", "<f16"},
                                                        {"<c32", "<c32"},
                                                        {"|b2", "|b2"},
                                                        {"<i3", "<i3"},
                                                        {"<f", "<f"},
                                                        {"<", "<"},
                                                        {"<f008", "<f008"},
                                                        {"", "''"}}) {
    const auto c = check("{'descr': '" + descr + tail);
    expect_refused(c, zc::errc::dtype_mismatch, what);
    ZC_EXPECT_CONTAINS(c.found, descr);
  }
  expect_refused(check("{'descr': [('x', '<f8'), ('y', '<i4')], 'fortran_order': False, "
                       "'shape': (2,)}"),
                 zc::errc::dtype_mismatch, "structured dtype '[('x'");
  expect_refused(check("{'descr': 8, 'fortran_order': False, 'shape': (2,)}"),
                 zc::errc::invalid_format, "'8,");
}

TEST(npy_header_refuses, through_read_info_and_load_naming_the_file) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("bad.npy");
  zc::test::write_bytes(path, npy_bytes("{'descr': '<f8', 'fortran_order': False}"));
  for (const std::string& message :
       {zc::test::error_of([&] { zc::npy::read_info(path); }, zc::errc::invalid_format),
        zc::test::error_of([&] { zc::npy::load(path); }, zc::errc::invalid_format)}) {
    ZC_EXPECT_CONTAINS(message, path);
    ZC_EXPECT_CONTAINS(message, "expected the keys 'descr', 'fortran_order' and 'shape'");
    ZC_EXPECT_CONTAINS(message, "found no 'shape' key");
  }
}

}  // namespace
