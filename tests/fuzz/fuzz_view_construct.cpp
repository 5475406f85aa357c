// libFuzzer target: buffer_view construction from arbitrary rank, shape,
// strides and dtype, then a chain of zero-copy operations over real memory.
//
// Input layout (every field falls back to 0 when the input runs out):
//   rank byte (% 10: 9 must be refused), dtype byte, then per axis an extent
//   and a stride (see input::number / input::stride), then op bytes.
// Checked:
//   - construction either succeeds or throws zc::error (nothing else);
//   - a view whose byte extent is small (<= 256 KiB) is rebuilt over a heap
//     buffer of exactly that many bytes (so ASan sees any stray access);
//   - every derived view (slice, select, flip, transpose, permute,
//     swap_axes, reshape, cast, in_memory_order) lies inside the buffer;
//   - for_each_run yields run_count() runs of run_length() bytes, inside the
//     view's byte extent, concatenating to the same bytes as an independent
//     element-by-element walk and as to_bytes();
//   - zc::copy into a C-ordered buffer reproduces those bytes, and copying a
//     flipped view onto itself (overlap) reverses the elements.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "zc/buffer_view.hpp"
#include "zc/error.hpp"

#include "fuzz_input.hpp"

namespace {

constexpr std::int64_t max_buffer_bytes = std::int64_t{1} << 18;  // 256 KiB
constexpr std::size_t max_walk_elements = std::size_t{1} << 12;

using zc::fuzz::check;
using zc::fuzz::fail;

// The shared reader, plus the fields only this target draws.
struct input : zc::fuzz::input {
  // Strides: often whole items (so layouts are realistic), sometimes odd bytes.
  std::int64_t stride(std::size_t itemsize) {
    const std::uint8_t c = byte();
    if ((c & 0x80) != 0) return static_cast<std::int64_t>(raw64());
    if (c < 64) return (static_cast<std::int64_t>(c) - 32) * static_cast<std::int64_t>(itemsize);
    return static_cast<std::int64_t>(c) - 96;
  }
  std::optional<std::int64_t> maybe_number() {
    if ((byte() & 1) == 0) return std::nullopt;
    return number();
  }
};

const std::array<zc::dtype, 16> dtypes = [] {
  std::array<zc::dtype, 16> t{};
  const std::array<const char*, 16> formats = {"B", "b",  "?",  "<h", ">H", "=i",  ">I",  "<q",
                                               "Q", "<e", ">f", "d",  ">d", "<Zf", ">Zd", "|u1"};
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = zc::dtype::parse(formats[i]);
  return t;
}();

// The memory a view may touch, as absolute addresses [lo, hi).
struct region {
  std::uintptr_t lo;
  std::uintptr_t hi;
};

std::uintptr_t address(const std::byte* p) { return reinterpret_cast<std::uintptr_t>(p); }

void check_inside(const zc::buffer_view& v, region r) {
  if (v.empty()) return;
  const zc::byte_span e = v.byte_extent();
  check(e.lo <= 0 && e.hi > 0 && e.hi - e.lo >= static_cast<std::int64_t>(v.itemsize()),
        "byte_extent is malformed");
  const std::uintptr_t base = address(v.bytes());
  check(base - static_cast<std::uintptr_t>(-e.lo) >= r.lo, "view reaches below its buffer");
  check(base + static_cast<std::uintptr_t>(e.hi) <= r.hi, "view reaches past its buffer");
}

// The element bytes in C order, gathered one element at a time from shape
// and strides alone (independent of the run planner).
std::vector<std::byte> walk_elements(const zc::buffer_view& v) {
  std::vector<std::byte> out;
  out.reserve(v.nbytes());
  if (v.empty()) return out;
  std::array<std::int64_t, zc::max_rank> index{};
  const std::size_t rank = v.rank();
  for (;;) {
    std::int64_t offset = 0;
    for (std::size_t k = 0; k < rank; ++k) offset += index[k] * v.strides()[k];
    const std::byte* p = v.bytes() + offset;
    out.insert(out.end(), p, p + v.itemsize());
    std::size_t k = rank;
    for (;;) {
      if (k == 0) return out;
      --k;
      if (++index[k] < v.shape()[k]) break;
      index[k] = 0;
    }
  }
}

// True when no two elements share a byte (zero or tiny strides can alias).
bool elements_are_disjoint(const zc::buffer_view& v) {
  std::vector<std::uintptr_t> starts;
  starts.reserve(v.size());
  std::array<std::int64_t, zc::max_rank> index{};
  const std::size_t rank = v.rank();
  for (;;) {
    std::int64_t offset = 0;
    for (std::size_t k = 0; k < rank; ++k) offset += index[k] * v.strides()[k];
    starts.push_back(address(v.bytes()) + static_cast<std::uintptr_t>(offset));
    std::size_t k = rank;
    bool done = true;
    while (k > 0) {
      --k;
      if (++index[k] < v.shape()[k]) {
        done = false;
        break;
      }
      index[k] = 0;
    }
    if (done) break;
  }
  std::sort(starts.begin(), starts.end());
  for (std::size_t i = 1; i < starts.size(); ++i) {
    if (starts[i] - starts[i - 1] < v.itemsize()) return false;
  }
  return true;
}

void exercise_runs(const zc::buffer_view& v) {
  const zc::byte_span e = v.byte_extent();
  const std::uintptr_t lo = address(v.bytes()) - static_cast<std::uintptr_t>(-e.lo);
  const std::uintptr_t hi = address(v.bytes()) + static_cast<std::uintptr_t>(e.hi);
  const bool small = v.size() <= max_walk_elements;
  std::size_t runs = 0;
  std::size_t bytes = 0;
  std::vector<std::byte> gathered;
  const std::size_t run_length = v.run_length();
  v.for_each_run([&](std::byte* p, std::size_t n) {
    check(n == run_length && n > 0, "run length differs from run_length()");
    check(address(p) >= lo && address(p) + n <= hi, "run outside the byte extent");
    ++runs;
    bytes += n;
    if (small) gathered.insert(gathered.end(), p, p + n);
    return small || runs < 4096;  // huge broadcast views: stop early
  });
  if (!small) return;
  check(runs == v.run_count(), "for_each_run count differs from run_count()");
  check(bytes == v.nbytes(), "runs do not add up to nbytes()");
  const std::vector<std::byte> walked = walk_elements(v);
  check(gathered == walked, "runs differ from the element walk");
  check(v.to_bytes() == walked, "to_bytes() differs from the element walk");
  // An explicit copy into a C-ordered buffer of the same dtype.  c_strides
  // refuses (overflow) dense layouts of some empty shapes, e.g. (0, 2^62).
  zc::dims dense_strides;
  try {
    dense_strides = zc::c_strides(v.shape_dims(), v.itemsize());
  } catch (const zc::error&) {
    check(v.empty(), "c_strides refused the shape of a non-empty view");
    return;
  }
  std::vector<std::byte> dense(std::max<std::size_t>(v.nbytes(), 1));
  const zc::buffer_view dst(dense.data(), v.dtype(), v.shape_dims(), dense_strides,
                            zc::access::read_write);
  zc::copy(v, dst);
  check(std::equal(walked.begin(), walked.end(), dense.begin()), "zc::copy differs from walk");
  const auto kind = v.dtype().kind();
  if (kind != zc::dtype_kind::floating && kind != zc::dtype_kind::complex) {
    check(v == dst, "a copy of an integer view is not == to it");
  }
}

// Copies a flipped view onto itself: the two overlap, so zc::copy must stage.
void exercise_overlapping_copy(const zc::buffer_view& v) {
  if (v.readonly() || v.rank() == 0 || v.empty() || v.size() > max_walk_elements) return;
  if (!elements_are_disjoint(v)) return;  // aliasing elements have no single answer
  const zc::buffer_view flipped = v.flip(0);
  const std::vector<std::byte> expected = walk_elements(flipped);
  zc::copy(flipped, v);
  check(walk_elements(v) == expected, "overlapping copy of a flipped view is wrong");
}

zc::buffer_view apply_op(const zc::buffer_view& v, input& in) {
  const auto axis = [&] {
    return static_cast<std::int64_t>(static_cast<std::int8_t>(in.byte())) % 10;
  };
  switch (in.byte() % 11) {
    case 0: {
      const std::int64_t a = axis();
      const auto start = in.maybe_number();
      const auto stop = in.maybe_number();
      return v.slice(a, start, stop, in.number());
    }
    case 1: {
      const std::int64_t a = axis();
      return v.select(a, in.number());
    }
    case 2:
      return v.transpose();
    case 3:
      return v.flip(axis());
    case 4: {
      zc::dims order;
      const std::size_t n = in.byte() % 9;
      for (std::size_t i = 0; i < n; ++i) order.push_back(axis());
      return v.permute(order);
    }
    case 5: {
      zc::dims shape;
      const std::size_t n = in.byte() % 9;
      for (std::size_t i = 0; i < n; ++i) shape.push_back(in.number());
      return v.reshape(shape);
    }
    case 6:
      return v.cast(dtypes[in.byte() % dtypes.size()]);
    case 7: {
      const zc::dtype t = dtypes[in.byte() % dtypes.size()];
      zc::dims shape;
      const std::size_t n = in.byte() % 9;
      for (std::size_t i = 0; i < n; ++i) shape.push_back(in.number());
      return v.cast(t, shape);
    }
    case 8: {
      const std::int64_t a = axis();
      return v.swap_axes(a, axis());
    }
    case 9: {
      // A permutation of the same elements: equal to the view, same bytes.
      const zc::buffer_view ordered = v.in_memory_order();
      check(ordered.size() == v.size() && ordered.byte_extent().lo == v.byte_extent().lo &&
                ordered.byte_extent().hi == v.byte_extent().hi,
            "in_memory_order changed the elements' bytes");
      return ordered;
    }
    default:
      return (in.byte() & 1) != 0 ? v.as_readonly() : v.flatten();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  input in{{data, size}};
  const std::size_t rank = in.byte() % 10;
  const zc::dtype type = dtypes[in.byte() % dtypes.size()];
  std::array<std::int64_t, 10> shape_values{};
  std::array<std::int64_t, 10> stride_values{};
  for (std::size_t k = 0; k < rank; ++k) {
    shape_values[k] = in.number();
    stride_values[k] = in.stride(type.itemsize());
  }
  // Construct over a fake address in the middle of the address space: only
  // the descriptor is validated, no memory is touched.
  zc::byte_span extent;
  zc::dims shape;
  zc::dims strides;
  try {
    shape = zc::dims(std::span<const std::int64_t>(shape_values.data(), rank));
    strides = zc::dims(std::span<const std::int64_t>(stride_values.data(), rank));
    const auto* fake = reinterpret_cast<const void*>(std::uintptr_t{1} << 62);
    const zc::buffer_view probe(fake, type, shape, strides, zc::access::read_only);
    extent = probe.byte_extent();
    check(probe.rank() == rank, "rank changed");
    std::uint64_t count = 1;
    for (std::size_t k = 0; k < rank; ++k) count *= static_cast<std::uint64_t>(shape_values[k]);
    check(probe.size() == count, "size() is not the product of the extents");
    check(probe.nbytes() == count * type.itemsize(), "nbytes() is wrong");
  } catch (const zc::error&) {
    return 0;  // refused: fine
  }
  check(rank <= zc::max_rank, "a rank above 8 was accepted");
  if (extent.length() > max_buffer_bytes) return 0;

  // Rebuild the view over a heap buffer of exactly its byte extent.
  std::vector<std::byte> buffer(
      static_cast<std::size_t>(std::max<std::int64_t>(extent.length(), 1)));
  for (std::size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<std::byte>(i * 131u);
  const region whole{address(buffer.data()), address(buffer.data()) + buffer.size()};
  std::byte* origin = buffer.data() + (-extent.lo);
  zc::buffer_view v(origin, type, shape, strides, zc::access::read_write);
  check_inside(v, whole);
  exercise_runs(v);
  (void)v.is_c_contiguous();
  (void)v.is_f_contiguous();
  (void)v.alignment();

  for (int step = 0; step < 12 && in.n > 0; ++step) {
    try {
      const zc::buffer_view next = apply_op(v, in);
      check_inside(next, whole);
      // A non-empty derived view shares bytes with the view it came from.
      if (!next.empty()) check(next.overlaps(v), "derived view does not overlap its source");
      v = next;
      exercise_runs(v);
    } catch (const zc::error&) {
      // Refusals (bad axis, step 0, layout, shape mismatch...) are fine.
    }
  }
  exercise_overlapping_copy(v);
  return 0;
}
