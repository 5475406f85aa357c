#include "progress.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>

namespace image_store {

progress_display::progress_display(progress_style style) {
  quiet_ = style == progress_style::none;
  const bool terminal = ::isatty(STDOUT_FILENO) == 1;
  live_ = style == progress_style::live || (style == progress_style::automatic && terminal);
  winsize size{};
  if (terminal && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 20) {
    width_ = size.ws_col;
  }
}

progress_display::~progress_display() { finish(); }

void progress_display::line(const std::string& text) {
  if (quiet_ || live_) return;
  std::printf("%s\n", text.c_str());
  std::fflush(stdout);
}

void progress_display::notice(const std::string& text) {
  if (quiet_) return;
  if (live_ && status_shown_) std::fputs("\r\033[K", stdout);
  std::printf("%s\n", text.c_str());
  status_shown_ = false;
  std::fflush(stdout);
}

void progress_display::status(const std::string& text) {
  if (quiet_ || !live_) return;
  // One column spare: writing the last column makes some terminals wrap.
  const std::string shown = text.size() < width_ ? text : text.substr(0, width_ - 1);
  std::printf("\r\033[K%s", shown.c_str());
  std::fflush(stdout);
  status_shown_ = true;
}

void progress_display::finish() {
  if (status_shown_) {
    std::fputs("\n", stdout);
    std::fflush(stdout);
    status_shown_ = false;
  }
}

std::string clock_text(double seconds) {
  if (!(seconds >= 0) || seconds > 359999) return "--:--";
  const auto s = static_cast<long>(seconds + 0.5);
  char text[32];
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
  }
  return text;
}

}  // namespace image_store
