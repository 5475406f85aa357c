// What the run shows while it works: per-image lines (a log, for pipes and
// files) or, on a terminal, one live line rewritten in place.
#pragma once

#include <string>

#include "options.hpp"

namespace image_store {

class progress_display {
 public:
  /// progress_style::automatic picks a live line when stdout is a terminal.
  explicit progress_display(progress_style style);
  ~progress_display();
  progress_display(const progress_display&) = delete;
  progress_display& operator=(const progress_display&) = delete;

  [[nodiscard]] bool live() const noexcept { return live_; }
  [[nodiscard]] bool quiet() const noexcept { return quiet_; }
  /// An ordinary progress line (per image): printed in lines mode only.
  void line(const std::string& text);
  /// A line that must stay visible (a failure): printed in lines and live
  /// mode (above the live line).
  void notice(const std::string& text);
  /// Replaces the live line (live mode only; cut to the terminal's width).
  void status(const std::string& text);
  /// Ends the live line so what follows starts on a fresh line.
  void finish();

 private:
  bool live_ = false;
  bool quiet_ = false;
  bool status_shown_ = false;
  std::size_t width_ = 100;  // terminal columns
};

/// "1:05" style elapsed/ETA text for `seconds`.
std::string clock_text(double seconds);

}  // namespace image_store
