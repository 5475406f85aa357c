// Who keeps the memory alive, and who calls the deleter, when.
//  - An imported tensor's deleter runs exactly once, when the last view
//    derived from it dies, on whichever thread that is.
//  - An exported tensor holds the view's owner until its deleter runs, also
//    when every zcbridge view is gone, and the deleter may run on any thread.
// Leaks (a context block or owner never freed) fail the ASan/LSan build.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>
#include <zc/buffer_view.hpp>
#include <zc/dlpack.hpp>

#include "foreign_tensor.hpp"

namespace {

TEST(dlpack_lifetime, deleter_runs_once_when_the_last_derived_view_dies) {
  std::vector<float> values(24);
  zc::test::foreign_tensor producer(values.data(), zc::test::dl_type(kDLFloat, 32), {4, 6});
  auto imported = std::make_unique<zc::buffer_view>(zc::dlpack::from_dlpack(&producer.managed));
  auto copy = std::make_unique<zc::buffer_view>(*imported);
  auto derived = std::make_unique<zc::buffer_view>(imported->slice(1, 1, 5).transpose().flip(0));
  EXPECT_EQ(producer.calls(), 0);
  imported.reset();
  EXPECT_EQ(producer.calls(), 0);
  copy.reset();
  EXPECT_EQ(producer.calls(), 0) << "a derived view still looks into the tensor";
  derived.reset();
  EXPECT_EQ(producer.calls(), 1);
}

TEST(dlpack_lifetime, release_drops_the_owner) {
  std::vector<std::int8_t> values(5);
  zc::test::foreign_tensor producer(values.data(), zc::test::dl_type(kDLInt, 8), {5});
  zc::buffer_view v = zc::dlpack::from_dlpack(&producer.managed);
  v.release();
  EXPECT_EQ(producer.calls(), 1);
  EXPECT_TRUE(v.empty());
}

TEST(dlpack_lifetime, views_copied_across_threads_call_the_deleter_once_on_the_last_thread) {
  std::vector<double> values(64);
  zc::test::foreign_tensor producer(values.data(), zc::test::dl_type(kDLFloat, 64), {8, 8});
  std::vector<std::thread> threads;
  std::vector<std::thread::id> ids;
  {
    const zc::buffer_view v = zc::dlpack::from_dlpack(&producer.managed);
    for (int i = 0; i < 8; ++i) {
      // Each thread gets its own copy (a row), uses it and drops it.
      threads.emplace_back([row = v.select(0, i), i] {
        for (int j = 0; j < 8; ++j) row.at<double>(j) = i * 8 + j;
      });
    }
    for (const std::thread& t : threads) ids.push_back(t.get_id());
  }  // the main thread's views are gone; the threads may still hold theirs
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(producer.calls(), 1);
  for (std::size_t i = 0; i < values.size(); ++i) EXPECT_EQ(values[i], static_cast<double>(i));
  // The deleter ran on one of the threads or on this one, whichever let go last.
  const std::thread::id last = producer.deleter_thread.load();
  const bool known =
      last == std::this_thread::get_id() || std::find(ids.begin(), ids.end(), last) != ids.end();
  EXPECT_TRUE(known);
}

TEST(dlpack_lifetime, null_deleter_is_allowed) {
  std::vector<std::uint8_t> values(3);
  zc::test::foreign_tensor producer(values.data(), zc::test::dl_type(kDLUInt, 8), {3});
  producer.managed.deleter = nullptr;
  {
    const zc::buffer_view v = zc::dlpack::from_dlpack(&producer.managed);
    EXPECT_EQ(v.data(), values.data());
  }
  EXPECT_EQ(producer.calls(), 0);
}

TEST(dlpack_lifetime, exported_tensor_keeps_a_shared_owner_alive_after_every_view_is_gone) {
  auto values = std::make_shared<std::vector<std::int16_t>>(std::vector<std::int16_t>{1, 2, 3});
  const std::weak_ptr<std::vector<std::int16_t>> watch = values;
  DLManagedTensor* t = nullptr;
  {
    const zc::buffer_view v = zc::view(values);  // owns the vector
    values.reset();
    t = zc::dlpack::to_dlpack(v);
  }
  ASSERT_FALSE(watch.expired()) << "the tensor must keep the vector alive";
  EXPECT_EQ(static_cast<const std::int16_t*>(t->dl_tensor.data)[2], 3);
  t->deleter(t);
  EXPECT_TRUE(watch.expired());
}

TEST(dlpack_lifetime, exported_tensor_deleter_runs_on_another_thread) {
  auto values = std::make_shared<std::vector<std::uint64_t>>(100, 7);
  const std::weak_ptr<std::vector<std::uint64_t>> watch = values;
  DLManagedTensor* t = zc::dlpack::to_dlpack(zc::view(values).slice(0, 10, 20));
  values.reset();
  std::thread consumer([t] { t->deleter(t); });
  consumer.join();
  EXPECT_TRUE(watch.expired());
}

TEST(dlpack_lifetime, export_import_release_frees_everything) {
  auto values = std::make_shared<std::vector<float>>(12, 1.5f);
  const std::weak_ptr<std::vector<float>> watch = values;
  {
    zc::buffer_view back = zc::dlpack::from_dlpack(zc::dlpack::to_dlpack(zc::view(values)));
    values.reset();
    EXPECT_FALSE(watch.expired());
    // Export the imported view again: a chain of two tensors.
    DLManagedTensor* again = zc::dlpack::to_dlpack(back);
    back.release();
    EXPECT_FALSE(watch.expired());
    zc::buffer_view last = zc::dlpack::from_dlpack(again);
    EXPECT_EQ(last.at<const float>(11), 1.5f);
  }
  EXPECT_TRUE(watch.expired());  // and LSan sees no context block left
}

TEST(dlpack_lifetime, exported_borrowed_view_stays_borrowed) {
  std::vector<std::int32_t> values{4, 5, 6};
  const zc::buffer_view v = zc::view(values);
  ASSERT_EQ(v.owner(), nullptr);
  zc::dlpack::unique_tensor t{zc::dlpack::to_dlpack(v)};
  EXPECT_EQ(t->dl_tensor.data, values.data());
  EXPECT_NE(t->manager_ctx, nullptr);
}

TEST(dlpack_lifetime, unique_tensor_calls_the_deleter_once) {
  std::vector<std::int32_t> values(2);
  zc::test::foreign_tensor producer(values.data(), zc::test::dl_type(kDLInt, 32), {2});
  { const zc::dlpack::unique_tensor held{&producer.managed}; }
  EXPECT_EQ(producer.calls(), 1);
}

}  // namespace
