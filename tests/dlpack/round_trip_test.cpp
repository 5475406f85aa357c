// Views exported as DLPack tensors and imported back: every dtype zcbridge
// shares with DLPack, ranks 0 to 8, and the layouts views take (C, Fortran,
// transposed, sliced, stepped, flipped, padded).  Zero-copy is proven by
// pointer identity: data + byte_offset is the view's data(), every element
// of the tensor and of the imported view has the address of the original
// element, and making either allocates nothing of payload size.
#include <gtest/gtest.h>

#include <allocation_counter.hpp>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>
#include <zc/buffer_view.hpp>
#include <zc/dlpack.hpp>

#include "foreign_tensor.hpp"

namespace {

using zc::dlpack::unique_tensor;

// Every dtype zcbridge has except bool (which DLPack 0.6 cannot name), in
// native byte order.
const std::array<const char*, 13> shared_formats = {"=i1", "=i2", "=i4", "=i8", "=u1", "=u2", "=u4",
                                                    "=u8", "=f2", "=f4", "=f8", "=c8", "=c16"};

// Extents for rank r: the first r of these (at most 288 elements).
const std::array<std::int64_t, 8> extents = {2, 3, 2, 1, 3, 2, 2, 2};

zc::dims shape_of_rank(std::size_t rank) {
  zc::dims shape;
  for (std::size_t k = 0; k < rank; ++k) shape.push_back(extents[k]);
  return shape;
}

// Calls fn(index) for every index of `shape` in C order.
void for_each_index(std::span<const std::int64_t> shape,
                    const std::function<void(const std::array<std::int64_t, 8>&)>& fn) {
  for (const std::int64_t e : shape)
    if (e == 0) return;
  std::array<std::int64_t, 8> index{};
  for (;;) {
    fn(index);
    std::size_t k = shape.size();
    for (;;) {
      if (k == 0) return;
      --k;
      if (++index[k] < shape[k]) break;
      index[k] = 0;
    }
  }
}

const std::byte* view_element(const zc::buffer_view& v, const std::array<std::int64_t, 8>& i) {
  std::int64_t offset = 0;
  for (std::size_t k = 0; k < v.rank(); ++k) offset += i[k] * v.strides()[k];
  return v.bytes() + offset;
}

// DLPack's addressing rule: data + byte_offset + sum(index * stride) * itemsize.
const std::byte* tensor_element(const DLTensor& t, const std::array<std::int64_t, 8>& i) {
  const std::int64_t item = t.dtype.bits / 8;
  std::int64_t offset = 0;
  for (int k = 0; k < t.ndim; ++k) {
    const auto axis = static_cast<std::size_t>(k);
    offset += i[axis] * t.strides[k] * item;
  }
  return static_cast<const std::byte*>(t.data) + t.byte_offset + offset;
}

// Exports `v`, checks the tensor field by field and address by address,
// imports it back (owning and borrowed) and checks the view likewise.
void expect_round_trip(const zc::buffer_view& v) {
  SCOPED_TRACE(v.describe());
  unique_tensor t{zc::dlpack::to_dlpack(v)};
  ASSERT_NE(t, nullptr);
  const DLTensor& dl = t->dl_tensor;
  EXPECT_EQ(static_cast<const std::byte*>(dl.data) + dl.byte_offset, v.bytes());
  EXPECT_EQ(dl.device.device_type, kDLCPU);
  EXPECT_EQ(dl.device.device_id, 0);
  ASSERT_EQ(static_cast<std::size_t>(dl.ndim), v.rank());
  const DLDataType expected_type = zc::dlpack::to_dl_dtype(v.dtype());
  EXPECT_EQ(dl.dtype.code, expected_type.code);
  EXPECT_EQ(dl.dtype.bits, v.dtype().bits());
  EXPECT_EQ(dl.dtype.lanes, 1);
  ASSERT_NE(dl.strides, nullptr);
  const auto item = static_cast<std::int64_t>(v.itemsize());
  for (std::size_t k = 0; k < v.rank(); ++k) {
    EXPECT_EQ(dl.shape[k], v.shape()[k]) << "axis " << k;
    EXPECT_EQ(dl.strides[k] * item, v.strides()[k]) << "axis " << k;
  }
  std::size_t elements = 0;
  for_each_index(v.shape(), [&](const std::array<std::int64_t, 8>& i) {
    ++elements;
    EXPECT_EQ(tensor_element(dl, i), view_element(v, i));
  });
  EXPECT_EQ(elements, v.size());

  const zc::buffer_view borrowed = zc::dlpack::from_dlpack(dl);
  EXPECT_EQ(borrowed.owner(), nullptr);
  EXPECT_EQ(borrowed.data(), v.data());

  const zc::buffer_view back = zc::dlpack::from_dlpack(t.release());  // owns the tensor now
  EXPECT_NE(back.owner(), nullptr);
  EXPECT_FALSE(back.readonly());
  EXPECT_EQ(back.data(), v.data());
  EXPECT_EQ(back.dtype(), v.dtype());
  EXPECT_EQ(back.dtype().format(), v.dtype().format());
  EXPECT_EQ(back.shape_dims(), v.shape_dims());
  EXPECT_EQ(back.stride_dims(), v.stride_dims());
  EXPECT_EQ(back.to_bytes(), v.to_bytes());  // every element, byte for byte
  for_each_index(v.shape(), [&](const std::array<std::int64_t, 8>& i) {
    EXPECT_EQ(view_element(back, i), view_element(v, i));
  });
}

// A buffer with distinct bytes, large enough for every layout below.
std::vector<std::byte> pattern(std::size_t bytes) {
  std::vector<std::byte> out(bytes);
  for (std::size_t i = 0; i < bytes; ++i) out[i] = static_cast<std::byte>((i * 37 + 11) & 0xff);
  return out;
}

struct layout_case {
  std::string name;
  zc::buffer_view view;
};

// The layouts of one dtype and rank, all inside `memory` (4x the C size per
// axis suffices for the padded and sliced parents).
std::vector<layout_case> layouts(std::vector<std::byte>& memory, zc::dtype type, std::size_t rank) {
  const zc::dims shape = shape_of_rank(rank);
  const std::size_t item = type.itemsize();
  std::vector<layout_case> out;
  const zc::buffer_view c = zc::view(static_cast<void*>(memory.data()), type, shape);
  out.push_back({"C", c});
  if (rank == 0) return out;
  out.push_back({"F", zc::buffer_view(memory.data(), type, shape, zc::f_strides(shape, item),
                                      zc::access::read_write)});
  out.push_back({"transposed", c.transpose()});
  zc::buffer_view flipped = c;
  for (std::size_t k = 0; k < rank; ++k) flipped = flipped.flip(static_cast<std::int64_t>(k));
  out.push_back({"flipped", flipped});

  // A parent two larger on every axis: the slice [1, 1 + e) of each axis.
  zc::dims big;
  for (const std::int64_t e : shape) big.push_back(e + 2);
  const zc::buffer_view parent = zc::view(static_cast<void*>(memory.data()), type, big);
  zc::buffer_view sliced = parent;
  zc::buffer_view stepped = parent;
  for (std::size_t k = 0; k < rank; ++k) {
    const auto axis = static_cast<std::int64_t>(k);
    sliced = sliced.slice(axis, 1, 1 + shape[k]);
    // Every other element, backwards on odd axes.
    stepped = k % 2 == 0 ? stepped.slice(axis, 0, std::nullopt, 2)
                         : stepped.slice(axis, std::nullopt, std::nullopt, -2);
  }
  out.push_back({"sliced", sliced});
  out.push_back({"stepped", stepped});

  // Padded: every axis's stride is the inner block plus 3 items of padding.
  zc::dims padded_strides = shape;
  auto step = static_cast<std::int64_t>(item);
  for (std::size_t k = rank; k-- > 0;) {
    padded_strides[k] = step;
    step = step * shape[k] + 3 * static_cast<std::int64_t>(item);
  }
  out.push_back({"padded", zc::buffer_view(memory.data(), type, shape, padded_strides,
                                           zc::access::read_write)});
  return out;
}

TEST(dlpack_round_trip, every_dtype_rank_and_layout) {
  std::size_t cases = 0;
  for (const char* format : shared_formats) {
    const zc::dtype type = zc::dtype::parse(format);
    for (std::size_t rank = 0; rank <= zc::max_rank; ++rank) {
      // 4^rank * 288 elements of up to 16 bytes would be too much; the
      // parents need (e + 2) per axis, at most 5 * 4^7 elements.
      std::size_t elements = 1;
      for (std::size_t k = 0; k < rank; ++k) elements *= static_cast<std::size_t>(extents[k] + 3);
      std::vector<std::byte> memory = pattern(elements * type.itemsize());
      for (const layout_case& layout : layouts(memory, type, rank)) {
        SCOPED_TRACE(std::string(format) + " rank " + std::to_string(rank) + " " + layout.name);
        expect_round_trip(layout.view);
        ++cases;
      }
    }
  }
  EXPECT_EQ(cases, 13u * (1 + 8 * 7));
}

TEST(dlpack_round_trip, typed_elements_read_and_write_through_both_sides) {
  std::vector<double> values{0, 1, 2, 3, 4, 5};
  const zc::buffer_view v = zc::view(values.data(), {2, 3}).transpose();  // (3, 2), F order
  const zc::buffer_view back = zc::dlpack::from_dlpack(zc::dlpack::to_dlpack(v));
  EXPECT_EQ(back.at<const double>(2, 1), 5.0);
  EXPECT_EQ(back.at<const double>(1, 0), 1.0);
  back.at<double>(2, 0) = 42.0;  // imported views are writable
  EXPECT_EQ(values[2], 42.0);
  EXPECT_TRUE(back == v);
}

TEST(dlpack_round_trip, export_and_import_allocate_one_small_block_each) {
  std::vector<float> big(1 << 20);  // 4 MiB payload
  const zc::buffer_view v = zc::view(big.data(), {1024, 1024});
  zc::test::allocation_counter exporting;
  DLManagedTensor* t = zc::dlpack::to_dlpack(v);
  EXPECT_EQ(exporting.count(), 1u);  // the context block: view + shape + strides
  EXPECT_LT(exporting.largest(), 1024u);
  zc::test::allocation_counter importing;
  zc::buffer_view back = zc::dlpack::from_dlpack(t);
  EXPECT_EQ(importing.count(), 1u);  // the owner that calls the deleter
  EXPECT_LT(importing.largest(), 256u);
  EXPECT_EQ(back.data(), big.data());
  // Slicing and copying the imported view allocate nothing.
  zc::test::allocation_counter deriving;
  const zc::buffer_view row = back.select(0, 7).slice(0, 1, 9, 2);
  EXPECT_EQ(deriving.count(), 0u);
  EXPECT_EQ(row.data(), &big[7 * 1024 + 1]);
}

TEST(dlpack_import, null_strides_mean_c_order_and_byte_offset_is_honoured) {
  std::vector<std::int32_t> values(40);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::int32_t>(i);
  // Element [0,0] is values[5]: data is the allocation, byte_offset 20 bytes.
  zc::test::foreign_tensor producer(values.data(), zc::test::dl_type(kDLInt, 32), {3, 4}, {}, 20);
  const zc::buffer_view v = zc::dlpack::from_dlpack(producer.tensor());
  EXPECT_EQ(v.data(), &values[5]);
  EXPECT_EQ(v.dtype(), zc::dtype_of<std::int32_t>());
  EXPECT_EQ(v.stride_dims(), (zc::dims{16, 4}));
  EXPECT_TRUE(v.is_c_contiguous());
  EXPECT_EQ(v.at<const std::int32_t>(2, 3), 16);
}

TEST(dlpack_import, explicit_negative_and_zero_strides) {
  std::vector<std::uint16_t> values(12);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::uint16_t>(i);
  // Rows backwards from the last row (byte_offset 18 = 9 elements), columns
  // forwards; a broadcast middle axis (stride 0).
  zc::test::foreign_tensor producer(values.data(), zc::test::dl_type(kDLUInt, 16), {4, 2, 3},
                                    {-3, 0, 1}, 18);
  const zc::buffer_view v = zc::dlpack::from_dlpack(producer.tensor());
  EXPECT_EQ(v.data(), &values[9]);
  EXPECT_EQ(v.stride_dims(), (zc::dims{-6, 0, 2}));
  EXPECT_EQ(v.at<const std::uint16_t>(0, 1, 2), 11);
  EXPECT_EQ(v.at<const std::uint16_t>(3, 0, 0), 0);
  EXPECT_EQ(v.byte_extent().lo, -18);
  EXPECT_EQ(v.byte_extent().hi, 6);
}

TEST(dlpack_import, empty_tensors_may_have_null_data) {
  zc::test::foreign_tensor producer(nullptr, zc::test::dl_type(kDLFloat, 64), {0, 5});
  const zc::buffer_view v = zc::dlpack::from_dlpack(producer.tensor());
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.data(), nullptr);
  EXPECT_EQ(v.shape_dims(), (zc::dims{0, 5}));
}

TEST(dlpack_import, rank_zero_with_null_shape) {
  double value = 2.5;
  zc::test::foreign_tensor producer(&value, zc::test::dl_type(kDLFloat, 64), {});
  ASSERT_EQ(producer.tensor().shape, nullptr);
  const zc::buffer_view v = zc::dlpack::from_dlpack(producer.tensor());
  EXPECT_EQ(v.rank(), 0u);
  EXPECT_EQ(v.size(), 1u);
  EXPECT_EQ(v.at<const double>(), 2.5);
}

TEST(dlpack_export, axes_that_reach_no_element_may_have_odd_byte_strides) {
  std::vector<std::uint32_t> values(8);
  // Extent-1 axis with a 6-byte stride: it reaches no second element.
  const zc::buffer_view one_row = zc::view(values.data(), {1, 8}, {6, 4});
  unique_tensor t{zc::dlpack::to_dlpack(one_row)};
  EXPECT_EQ(t->dl_tensor.strides[0], 8);  // the C-order stride instead
  EXPECT_EQ(t->dl_tensor.strides[1], 1);
  // An empty view: no axis reaches anything.
  const zc::buffer_view none = zc::view(values.data(), {0, 3}, {5, 7});
  unique_tensor e{zc::dlpack::to_dlpack(none)};
  EXPECT_EQ(e->dl_tensor.strides[0], 3);
  EXPECT_EQ(e->dl_tensor.strides[1], 1);
  EXPECT_EQ(e->dl_tensor.shape[0], 0);
}

TEST(dlpack_export, readonly_view_with_explicit_permission) {
  const std::vector<std::int64_t> values{1, 2, 3};
  const zc::buffer_view v = zc::view(values);
  ASSERT_TRUE(v.readonly());
  unique_tensor t{zc::dlpack::to_dlpack(v, zc::dlpack::readonly_export::allow)};
  EXPECT_EQ(t->dl_tensor.data, values.data());
  EXPECT_EQ(t->dl_tensor.shape[0], 3);
}

TEST(dlpack_dtype, table_both_ways) {
  struct row {
    const char* format;
    std::uint8_t code;
    std::uint8_t bits;
    const char* text;
  };
  const std::array<row, 13> rows = {{{"=i1", kDLInt, 8, "int8"},
                                     {"=i2", kDLInt, 16, "int16"},
                                     {"=i4", kDLInt, 32, "int32"},
                                     {"=i8", kDLInt, 64, "int64"},
                                     {"=u1", kDLUInt, 8, "uint8"},
                                     {"=u2", kDLUInt, 16, "uint16"},
                                     {"=u4", kDLUInt, 32, "uint32"},
                                     {"=u8", kDLUInt, 64, "uint64"},
                                     {"=f2", kDLFloat, 16, "float16"},
                                     {"=f4", kDLFloat, 32, "float32"},
                                     {"=f8", kDLFloat, 64, "float64"},
                                     {"=c8", kDLComplex, 64, "complex64"},
                                     {"=c16", kDLComplex, 128, "complex128"}}};
  for (const row& r : rows) {
    SCOPED_TRACE(r.format);
    const zc::dtype type = zc::dtype::parse(r.format);
    const DLDataType dl = zc::dlpack::to_dl_dtype(type);
    EXPECT_EQ(dl.code, r.code);
    EXPECT_EQ(dl.bits, r.bits);
    EXPECT_EQ(dl.lanes, 1);
    EXPECT_EQ(zc::dlpack::from_dl_dtype(dl), type);
    EXPECT_EQ(zc::dlpack::describe(dl), r.text);
  }
  // One-byte types have no byte order: '|u1' and '<i1' export too.
  EXPECT_EQ(zc::dlpack::to_dl_dtype(zc::dtype::parse(">i1")).code, kDLInt);
}

TEST(dlpack_dtype, describe_devices) {
  EXPECT_EQ(zc::dlpack::describe(DLDevice{kDLCPU, 0}), "CPU");
  EXPECT_EQ(zc::dlpack::describe(DLDevice{kDLCUDA, 1}), "CUDA:1");
  EXPECT_EQ(zc::dlpack::describe(DLDevice{kDLMetal, 0}), "Metal:0");
  EXPECT_EQ(zc::dlpack::describe(DLDevice{kDLCUDAManaged, 2}), "CUDAManaged:2");
}

}  // namespace
