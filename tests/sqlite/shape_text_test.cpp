// The shape spelling of the array store and companion columns.
#include <gtest/gtest.h>

#include "zc/sqlite/shape_text.hpp"

namespace zc::test {
namespace {

TEST(shape_text, formats_and_parses_back) {
  EXPECT_EQ(zc::sqlite::format_shape({480, 640, 3}), "[480,640,3]");
  EXPECT_EQ(zc::sqlite::format_shape(dims{}), "[]");
  EXPECT_EQ(zc::sqlite::parse_shape("[480,640,3]"), (dims{480, 640, 3}));
  EXPECT_EQ(zc::sqlite::parse_shape(" [ 2 , 0 ]\n"), (dims{2, 0}));
  EXPECT_EQ(zc::sqlite::parse_shape("[]").size(), 0u);
  EXPECT_EQ(zc::sqlite::parse_shape("[9223372036854775807]")[0], INT64_MAX);
}

TEST(shape_text, refuses_anything_else) {
  for (const char* bad : {"", "3,4", "[3,4", "[3,,4]", "[-1]", "[3.5]", "[1e3]", "[3,4]x",
                          "[9223372036854775808]", "[1,1,1,1,1,1,1,1,1]", "[,]", "(3,4)"}) {
    try {
      (void)zc::sqlite::parse_shape(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const zc::error& e) {
      EXPECT_EQ(e.code(), zc::errc::invalid_format) << bad;
      EXPECT_NE(std::string(e.what()).find("'" + std::string(bad) + "'"), std::string::npos)
          << e.what();
    }
  }
}

}  // namespace
}  // namespace zc::test
