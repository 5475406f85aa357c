// How a committed batch's counts join the run's.
#include "pipeline.hpp"

namespace image_store {

void run_stats::add_committed(const run_stats& batch) noexcept {
  files_found += batch.files_found;
  unchanged += batch.unchanged;
  stored_new += batch.stored_new;
  stored_changed += batch.stored_changed;
  touched += batch.touched;
  vanished += batch.vanished;
  pruned += batch.pruned;
  decoded_ok += batch.decoded_ok;
  decoded_bad += batch.decoded_bad;
  decoded_fast += batch.decoded_fast;
  png_bytes_stored += batch.png_bytes_stored;
  png_bytes_read += batch.png_bytes_read;
  pixel_bytes += batch.pixel_bytes;
  derived_png_bytes += batch.derived_png_bytes;
  copied_ingest += batch.copied_ingest;
  copied_analyse += batch.copied_analyse;
  identities_checked += batch.identities_checked;
}

}  // namespace image_store
