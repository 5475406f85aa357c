#include "sink_output.hpp"

namespace zc::png::detail {

sink_output::sink_output(const sink& dst, const char* operation) : sink_(dst, operation) {
  writer_.stream = &sink_.stream();
  writer_.fail = &failure_;
}

void sink_output::fail() const {
  if (writer_.pending) sink_.rethrow(writer_.pending);
  raise(failure_, nullptr, sink_.what().c_str());
}

}  // namespace zc::png::detail
