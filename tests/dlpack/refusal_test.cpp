// Every refusal, with a message naming what was found and what would work.
// An import refusal leaves the tensor untouched and still the caller's: the
// test checks its bytes did not change and that its deleter was not called,
// then calls the deleter itself, once.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <expect_error.hpp>
#include <limits>
#include <string>
#include <vector>
#include <zc/buffer_view.hpp>
#include <zc/dlpack.hpp>

#include "foreign_tensor.hpp"

namespace {

using zc::test::dl_type;
using zc::test::foreign_tensor;

// from_dlpack refuses `producer`'s tensor through both overloads with `code`;
// the message contains every fragment; the tensor is unchanged and still owned.
void expect_import_refused(foreign_tensor& producer, zc::errc code,
                           const std::vector<std::string>& fragments) {
  DLManagedTensor before{};
  std::memcpy(&before, &producer.managed, sizeof before);
  const std::string borrowed_message =
      zc::test::error_of([&] { (void)zc::dlpack::from_dlpack(producer.tensor()); }, code);
  const std::string message =
      zc::test::error_of([&] { (void)zc::dlpack::from_dlpack(&producer.managed); }, code);
  EXPECT_EQ(message, borrowed_message);
  for (const std::string& fragment : fragments)
    EXPECT_NE(message.find(fragment), std::string::npos) << message << "\nlacks: " << fragment;
  EXPECT_EQ(std::memcmp(&before, &producer.managed, sizeof before), 0) << "the tensor changed";
  EXPECT_EQ(producer.calls(), 0) << "a refused tensor's deleter ran";
  producer.managed.deleter(&producer.managed);  // still ours: release it, once
  EXPECT_EQ(producer.calls(), 1);
}

// Writes a device type this header's enum may not list (newer DLPack
// versions added some) the way a foreign producer would: as an int.
void set_device_type(DLTensor& t, int type) {
  static_assert(sizeof(t.device.device_type) == sizeof(int));
  std::memcpy(&t.device.device_type, &type, sizeof type);
}

std::vector<float> floats(24);

TEST(dlpack_import_refusal, gpu_device) {
  foreign_tensor producer(floats.data(), dl_type(kDLFloat, 32), {4, 6});
  producer.tensor().device = DLDevice{kDLCUDA, 1};
  expect_import_refused(producer, zc::errc::invalid_argument, {"CUDA:1", "expected CPU"});
}

TEST(dlpack_import_refusal, device_types_this_header_does_not_list) {
  foreign_tensor hexagon(floats.data(), dl_type(kDLFloat, 32), {4, 6});
  set_device_type(hexagon.tensor(), 16);
  expect_import_refused(hexagon, zc::errc::invalid_argument, {"Hexagon:0"});
  foreign_tensor unknown(floats.data(), dl_type(kDLFloat, 32), {4, 6});
  set_device_type(unknown.tensor(), 99);
  expect_import_refused(unknown, zc::errc::invalid_argument, {"device type 99:0"});
}

TEST(dlpack_import_refusal, vector_lanes) {
  foreign_tensor producer(floats.data(), dl_type(kDLFloat, 32, 4), {6});
  expect_import_refused(producer, zc::errc::dtype_mismatch, {"float32x4", "lanes 1"});
}

TEST(dlpack_import_refusal, types_zcbridge_cannot_describe) {
  struct row {
    DLDataType type;
    const char* name;
  };
  const std::vector<row> rows = {{dl_type(kDLBfloat, 16), "'bfloat16'"},
                                 {dl_type(kDLInt, 128), "'int128'"},
                                 {dl_type(kDLUInt, 1), "'uint1'"},
                                 {dl_type(kDLFloat, 8), "'float8'"},
                                 {dl_type(kDLComplex, 32), "'complex32'"},
                                 {dl_type(kDLOpaqueHandle, 64), "'opaque handle of 64 bits'"},
                                 {dl_type(9, 8), "'code 9, 8 bits'"}};
  for (const row& r : rows) {
    SCOPED_TRACE(r.name);
    foreign_tensor producer(floats.data(), r.type, {2});
    expect_import_refused(producer, zc::errc::dtype_mismatch, {r.name, "float16/32/64"});
  }
}

TEST(dlpack_import_refusal, rank_out_of_range) {
  foreign_tensor nine(floats.data(), dl_type(kDLUInt, 8), {1, 1, 1, 1, 1, 1, 1, 1, 2});
  expect_import_refused(nine, zc::errc::invalid_argument, {"ndim is 9", "expected 0 to 8"});
  foreign_tensor negative(floats.data(), dl_type(kDLUInt, 8), {2});
  negative.tensor().ndim = -1;
  expect_import_refused(negative, zc::errc::invalid_argument, {"ndim is -1"});
}

TEST(dlpack_import_refusal, null_shape) {
  foreign_tensor producer(floats.data(), dl_type(kDLFloat, 32), {4, 6});
  producer.tensor().shape = nullptr;
  expect_import_refused(producer, zc::errc::invalid_argument, {"shape is null with ndim 2"});
}

TEST(dlpack_import_refusal, negative_extent) {
  foreign_tensor producer(floats.data(), dl_type(kDLFloat, 32), {4, -3});
  expect_import_refused(producer, zc::errc::invalid_argument,
                        {"extent of axis 1 is -3", "(4, -3)", ">= 0"});
}

TEST(dlpack_import_refusal, stride_times_itemsize_overflows) {
  const std::int64_t huge = std::numeric_limits<std::int64_t>::max() / 4;
  foreign_tensor producer(floats.data(), dl_type(kDLFloat, 64), {2, 3}, {huge, 1});
  expect_import_refused(producer, zc::errc::overflow, {"stride " + std::to_string(huge)});
}

TEST(dlpack_import_refusal, element_count_overflows_with_null_strides) {
  const std::int64_t big = std::int64_t{1} << 40;
  foreign_tensor producer(floats.data(), dl_type(kDLFloat, 32), {big, big});
  expect_import_refused(producer, zc::errc::overflow,
                        {"null strides (C order)", "(1099511627776, 1099511627776)"});
}

TEST(dlpack_import_refusal, byte_extent_overflows) {
  foreign_tensor producer(floats.data(), dl_type(kDLFloat, 64), {std::int64_t{1} << 30, 2},
                          {std::int64_t{1} << 40, 1});
  expect_import_refused(producer, zc::errc::overflow, {"byte extent", "overflows"});
}

TEST(dlpack_import_refusal, null_data_for_a_non_empty_shape) {
  foreign_tensor producer(nullptr, dl_type(kDLInt, 16), {3});
  expect_import_refused(producer, zc::errc::invalid_argument, {"data is null", "(3,)"});
}

TEST(dlpack_import_refusal, byte_offset_wraps_the_address_space) {
  foreign_tensor producer(floats.data(), dl_type(kDLFloat, 32), {2}, {},
                          std::numeric_limits<std::uint64_t>::max());
  expect_import_refused(producer, zc::errc::overflow, {"byte_offset", "wraps"});
}

TEST(dlpack_import_refusal, elements_past_the_end_of_the_address_space) {
  // Element [0] sits 4 bytes below the top of the address space; element [1] does not fit.
  const auto top = std::numeric_limits<std::uintptr_t>::max() - 3;
  const auto offset = top - reinterpret_cast<std::uintptr_t>(floats.data());
  foreign_tensor producer(floats.data(), dl_type(kDLFloat, 32), {2}, {}, offset);
  expect_import_refused(producer, zc::errc::overflow, {"wraps around the address space"});
}

TEST(dlpack_import_refusal, null_managed_tensor) {
  const std::string message = zc::test::error_of(
      [] { (void)zc::dlpack::from_dlpack(static_cast<DLManagedTensor*>(nullptr)); },
      zc::errc::invalid_argument);
  EXPECT_NE(message.find("null"), std::string::npos) << message;
}

// ---- export ---------------------------------------------------------------------

TEST(dlpack_export_refusal, byte_stride_that_is_not_a_multiple_of_the_item_size) {
  std::vector<std::byte> bytes(64);
  // A packed column: uint16 every 3 bytes.
  const zc::buffer_view v(bytes.data(), zc::dtype_of<std::uint16_t>(), {4}, {3},
                          zc::access::read_write);
  const std::string message =
      zc::test::error_of([&] { (void)zc::dlpack::to_dlpack(v); }, zc::errc::layout);
  for (const char* fragment : {"stride of axis 0 is 3 bytes", "item size 2", "zc::copy"})
    EXPECT_NE(message.find(fragment), std::string::npos) << message;
}

TEST(dlpack_export_refusal, non_native_byte_order) {
  std::vector<std::uint16_t> values(4);
  const zc::byte_order foreign =
      zc::host_byte_order == zc::byte_order::little ? zc::byte_order::big : zc::byte_order::little;
  const zc::buffer_view v = zc::view(values).with_byte_order(foreign);
  const std::string native = zc::dtype_of<std::uint16_t>().with_order(zc::host_byte_order).str();
  const std::string message =
      zc::test::error_of([&] { (void)zc::dlpack::to_dlpack(v); }, zc::errc::dtype_mismatch);
  for (const std::string& fragment : {v.dtype().str(), native, std::string("zc::copy")})
    EXPECT_NE(message.find(fragment), std::string::npos) << message << "\nlacks: " << fragment;
}

TEST(dlpack_export_refusal, bool_has_no_dlpack_type) {
  bool flags[3] = {true, false, true};
  const zc::buffer_view v = zc::view(flags);
  const std::string message =
      zc::test::error_of([&] { (void)zc::dlpack::to_dlpack(v); }, zc::errc::dtype_mismatch);
  for (const char* fragment : {"(bool)", "no bool type", "uint8"})
    EXPECT_NE(message.find(fragment), std::string::npos) << message;
}

TEST(dlpack_export_refusal, readonly_view_without_permission) {
  const std::vector<double> values{1, 2};
  const std::string message = zc::test::error_of(
      [&] { (void)zc::dlpack::to_dlpack(zc::view(values)); }, zc::errc::readonly);
  for (const char* fragment : {"readonly", "readonly_export::allow"})
    EXPECT_NE(message.find(fragment), std::string::npos) << message;
}

}  // namespace
