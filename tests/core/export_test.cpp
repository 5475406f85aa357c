// Exporting views from standard types (vector, array, span, string,
// string_view, C arrays), the customization point (PEP 688's __buffer__:
// a member zc_buffer() or an ADL zc_buffer(T&)), and owners that keep the
// memory alive after the container's name is gone.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "allocation_counter.hpp"
#include "expect_error.hpp"
#include "zc/buffer_view.hpp"

namespace {

using zc::buffer_view;
using zc::dims;

using zc::test::error_of;

std::vector<std::int64_t> to_vec(std::span<const std::int64_t> s) { return {s.begin(), s.end()}; }

// Temporaries would dangle: zc::view refuses them at compile time.
template <class T>
concept viewable_rvalue = requires(T&& t) {
  zc::view(std::forward<T>(t));
};
static_assert(!viewable_rvalue<std::vector<int>>);
static_assert(!viewable_rvalue<std::array<int, 3>>);
static_assert(!viewable_rvalue<std::string>);
static_assert(zc::viewable<std::vector<int>>);
static_assert(zc::viewable<const std::vector<double>>);
static_assert(!zc::viewable<std::vector<std::string>>);

TEST(export_std, vector_is_1d_writable_const_vector_readonly) {
  std::vector<double> v{1, 2, 3};
  zc::test::allocation_counter counter;
  const buffer_view w = zc::view(v);
  const std::vector<double>& cv = v;
  const buffer_view r = zc::view(cv);
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(w.data(), v.data());
  EXPECT_EQ(r.data(), v.data());
  EXPECT_FALSE(w.readonly());
  EXPECT_TRUE(r.readonly());
  EXPECT_EQ(w.dtype(), zc::dtype_of<double>());
  EXPECT_EQ(to_vec(w.shape()), (std::vector<std::int64_t>{3}));
  w.at<double>(1) = 20;
  EXPECT_EQ(v[1], 20);
  EXPECT_EQ(w.owner(), nullptr);
  std::vector<int> empty;
  EXPECT_TRUE(zc::view(empty).empty());
}

TEST(export_std, array_span_and_c_arrays) {
  std::array<std::int16_t, 4> a{1, 2, 3, 4};
  const std::array<std::int16_t, 4>& ca = a;
  EXPECT_EQ(zc::view(a).data(), a.data());
  EXPECT_FALSE(zc::view(a).readonly());
  EXPECT_TRUE(zc::view(ca).readonly());
  EXPECT_EQ(zc::view(a).size(), 4u);

  std::span<std::int16_t> s(a.data() + 1, 2);
  std::span<const std::int16_t> cs(a.data() + 2, 2);
  EXPECT_EQ(zc::view(s).data(), a.data() + 1);
  EXPECT_FALSE(zc::view(s).readonly());
  EXPECT_TRUE(zc::view(cs).readonly());
  EXPECT_EQ(zc::view(cs).at<const std::int16_t>(1), 4);
  std::span<std::int16_t, 3> fixed(a.data(), 3);
  EXPECT_EQ(zc::view(fixed).size(), 3u);

  float m[3][4] = {};
  m[2][1] = 7.5F;
  zc::test::allocation_counter counter;
  const buffer_view mv = zc::view(m);
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(mv.data(), &m[0][0]);
  EXPECT_EQ(to_vec(mv.shape()), (std::vector<std::int64_t>{3, 4}));
  EXPECT_EQ(to_vec(mv.strides()), (std::vector<std::int64_t>{16, 4}));
  EXPECT_EQ(mv.at<const float>(2, 1), 7.5F);
  const int c[5] = {5, 6, 7, 8, 9};
  EXPECT_TRUE(zc::view(c).readonly());
  EXPECT_EQ(zc::view(c).at<const int>(-1), 9);
  std::uint8_t cube[2][3][4] = {};
  EXPECT_EQ(zc::view(cube).rank(), 3u);
  EXPECT_EQ(zc::view(cube).nbytes(), 24u);
}

TEST(export_std, strings_are_bytes) {
  std::string s = "hello, world";  // beyond the small-string buffer is not needed
  const buffer_view w = zc::view(s);
  EXPECT_EQ(w.data(), s.data());
  EXPECT_EQ(w.dtype(), zc::dtype::parse("B"));
  EXPECT_EQ(w.size(), s.size());
  EXPECT_FALSE(w.readonly());
  w.at<std::uint8_t>(0) = 'j';
  EXPECT_EQ(s, "jello, world");
  const std::string& cs = s;
  EXPECT_TRUE(zc::view(cs).readonly());
  const std::string_view sv = s;
  EXPECT_TRUE(zc::view(sv).readonly());
  EXPECT_EQ(zc::view(sv).data(), s.data());
  std::string empty;
  EXPECT_TRUE(zc::view(empty).empty());
  EXPECT_TRUE(zc::view(std::string_view()).empty());
}

// zc::view(container, shape): the container's elements in C order with a shape.
TEST(export_shaped, containers_take_a_shape_of_their_size) {
  std::vector<double> vec{1, 2, 3, 4, 5, 6};
  zc::test::allocation_counter counter;
  const buffer_view m = zc::view(vec, {2, 3});
  const buffer_view cm = zc::view(std::as_const(vec), {3, 2});
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(m.data(), vec.data());
  EXPECT_EQ(to_vec(m.shape()), (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(to_vec(m.strides()), (std::vector<std::int64_t>{24, 8}));
  EXPECT_FALSE(m.readonly());
  m.at<double>(1, 2) = 60;
  EXPECT_EQ(vec[5], 60);
  EXPECT_TRUE(cm.readonly());

  std::array<std::uint16_t, 12> arr{};
  const buffer_view a = zc::view(arr, {2, 3, 2});
  EXPECT_EQ(a.data(), arr.data());
  EXPECT_EQ(a.rank(), 3u);
  EXPECT_FALSE(a.readonly());
  const std::array<std::uint16_t, 12>& carr = arr;
  EXPECT_TRUE(zc::view(carr, {12}).readonly());

  // A span is a view of memory: a temporary one is fine.
  const buffer_view s = zc::view(std::span<std::uint16_t>(arr).subspan(4), {4, 2});
  EXPECT_EQ(s.data(), arr.data() + 4);
  EXPECT_FALSE(s.readonly());
  EXPECT_TRUE(zc::view(std::span<const std::uint16_t>(arr), {6, 2}).readonly());

  std::string text = "abcdef";
  const buffer_view t = zc::view(text, {2, 3});
  EXPECT_EQ(t.dtype(), zc::dtype::parse("B"));
  EXPECT_EQ(t.data(), text.data());
  EXPECT_FALSE(t.readonly());
  EXPECT_EQ(t.at<const std::uint8_t>(1, 0), 'd');
  const std::string_view sv = text;
  EXPECT_TRUE(zc::view(sv, {3, 2}).readonly());

  std::vector<int> none;
  EXPECT_TRUE(zc::view(none, {0, 5}).empty());
}

TEST(export_shaped, a_shape_of_another_size_is_refused_naming_both) {
  std::vector<float> vec(6);
  const std::string msg = error_of([&] { (void)zc::view(vec, {2, 2}); }, zc::errc::shape_mismatch);
  EXPECT_NE(msg.find("(2, 2)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("4 elements"), std::string::npos) << msg;
  EXPECT_NE(msg.find("has 6"), std::string::npos) << msg;
  (void)error_of([&] { (void)zc::view(vec, {7}); }, zc::errc::shape_mismatch);
  // A negative extent is refused as the view constructor refuses it.
  const std::string negative = error_of(
      [&] {
        (void)zc::view(vec, {-2, -3});
      },
      zc::errc::invalid_argument);
  EXPECT_NE(negative.find("must be >= 0"), std::string::npos) << negative;
  const std::int64_t big = std::int64_t{1} << 62;
  (void)error_of([&] { (void)zc::view(vec, {big, big}); }, zc::errc::overflow);
}

TEST(export_owner, shared_vector_outlives_its_name) {
  buffer_view v;
  std::weak_ptr<std::vector<int>> weak;
  const int* raw = nullptr;
  {
    auto storage = std::make_shared<std::vector<int>>(std::vector<int>{4, 5, 6});
    raw = storage->data();
    weak = storage;
    v = zc::view(storage);
  }  // the only name is gone; the view keeps the vector alive
  EXPECT_FALSE(weak.expired());
  EXPECT_EQ(v.data(), raw);
  EXPECT_EQ(v.at<const int>(2), 6);
  const buffer_view sliced = v.slice(0, 1, std::nullopt);
  v = buffer_view();
  EXPECT_FALSE(weak.expired());  // the slice holds it too
  EXPECT_EQ(sliced.at<const int>(0), 5);
}

TEST(export_owner, shared_const_vector_is_readonly_and_null_is_refused) {
  auto storage = std::make_shared<const std::vector<float>>(std::vector<float>{1.0F});
  const buffer_view v = zc::view(storage);
  EXPECT_TRUE(v.readonly());
  EXPECT_EQ(v.owner(), storage);
  std::shared_ptr<std::vector<int>> null;
  const std::string msg = error_of([&] { (void)zc::view(null); }, zc::errc::invalid_argument);
  EXPECT_NE(msg.find("null"), std::string::npos) << msg;
}

}  // namespace

// ---- the customization point -------------------------------------------------

namespace user {

// An image type that exports through member functions.
class image {
 public:
  image(int w, int h) : width_(w), height_(h), pixels_(static_cast<std::size_t>(w * h)) {}
  zc::buffer_view zc_buffer() { return zc::view(pixels_.data(), {height_, width_}); }
  [[nodiscard]] zc::buffer_view zc_buffer() const {
    return zc::view(pixels_.data(), {height_, width_});
  }
  [[nodiscard]] const std::uint16_t* pixels() const { return pixels_.data(); }

 private:
  int width_;
  int height_;
  std::vector<std::uint16_t> pixels_;
};

// A record type that exports through a free function found by ADL.
struct samples {
  std::array<double, 8> values{};
  int used = 0;
};
zc::buffer_view zc_buffer(samples& s) { return zc::view(s.values.data(), {s.used}); }

// A type from a library the user cannot change: it joins through a
// zc::exporter specialisation (no member, no ADL function).
struct signal {
  std::vector<std::int32_t> samples;
  int channels = 1;
};

// A type with no export.
struct opaque {
  int x = 0;
};

}  // namespace user

template <>
struct zc::exporter<user::signal> {
  // One template for both constnesses: a const signal gives a readonly view.
  template <class S>
  static zc::buffer_view view(S& s) {
    const auto frames = static_cast<std::int64_t>(s.samples.size()) / s.channels;
    return zc::view(s.samples.data(), {frames, s.channels});
  }
};

static_assert(zc::viewable<user::signal>);
static_assert(zc::viewable<const user::signal>);
static_assert(zc::has_member_buffer<user::image>);
static_assert(zc::has_adl_buffer<user::samples>);
static_assert(zc::viewable<user::image>);
static_assert(zc::viewable<user::samples>);
static_assert(!zc::viewable<user::opaque>);

namespace {

TEST(export_custom, member_zc_buffer) {
  user::image img(4, 3);
  zc::test::allocation_counter counter;
  const buffer_view v = zc::view(img);
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(v.data(), img.pixels());
  EXPECT_EQ(to_vec(v.shape()), (std::vector<std::int64_t>{3, 4}));
  EXPECT_FALSE(v.readonly());
  v.at<std::uint16_t>(2, 3) = 65535;
  EXPECT_EQ(img.pixels()[11], 65535);
  const user::image& cimg = img;
  EXPECT_TRUE(zc::view(cimg).readonly());
}

TEST(export_custom, adl_zc_buffer_and_shared_owner) {
  user::samples s;
  s.values[1] = 2.5;
  s.used = 3;
  const buffer_view v = zc::view(s);
  EXPECT_EQ(v.data(), s.values.data());
  EXPECT_EQ(v.size(), 3u);
  EXPECT_EQ(v.at<const double>(1), 2.5);
  // shared_ptr of a user type: the view keeps the object alive.
  std::weak_ptr<user::image> weak;
  buffer_view kept;
  {
    auto img = std::make_shared<user::image>(2, 2);
    weak = img;
    kept = zc::view(img);
  }
  EXPECT_FALSE(weak.expired());
  kept.at<std::uint16_t>(1, 1) = 9;
  EXPECT_EQ(weak.lock()->pixels()[3], 9);
  kept.release();
  EXPECT_TRUE(weak.expired());
}

TEST(export_custom, exporter_specialisation_for_a_type_without_hooks) {
  user::signal sig{{1, 2, 3, 4, 5, 6}, 2};
  zc::test::allocation_counter counter;
  const buffer_view v = zc::view(sig);
  const buffer_view r = zc::view(std::as_const(sig));
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(v.data(), sig.samples.data());
  EXPECT_EQ(to_vec(v.shape()), (std::vector<std::int64_t>{3, 2}));
  EXPECT_FALSE(v.readonly());
  EXPECT_TRUE(r.readonly());
  v.at<std::int32_t>(2, 1) = 60;
  EXPECT_EQ(sig.samples[5], 60);
  // The same door serves shared_ptr: the view keeps the signal alive.
  std::weak_ptr<user::signal> weak;
  buffer_view kept;
  {
    auto shared = std::make_shared<user::signal>(user::signal{{7, 8}, 1});
    weak = shared;
    kept = zc::view(shared);
  }
  EXPECT_FALSE(weak.expired());
  EXPECT_EQ(kept.at<const std::int32_t>(1, 0), 8);
  kept.release();
  EXPECT_TRUE(weak.expired());
}

}  // namespace
