// The folder: which *.png files there are, and which entries cannot be stored.
#include <algorithm>
#include <system_error>

#include "pipeline.hpp"

namespace image_store {
namespace {

bool has_png_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".png";
}

// Why a *.png folder entry cannot be stored, or "" for a regular file.
// Nothing is opened: a FIFO named x.png would block the open.
std::string why_not_a_file(const std::filesystem::file_status& status, const std::error_code& ec) {
  if (ec) return "cannot be read: " + ec.message();  // a broken link or a link loop
  switch (status.type()) {
    case std::filesystem::file_type::regular:
      return "";
    case std::filesystem::file_type::directory:
      return "is a folder, not a file";
    default:
      return "is not a regular file (FIFO, socket or device)";
  }
}

void scan_into(const std::filesystem::path& root, const std::filesystem::path& dir, bool recursive,
               folder_scan& out) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  const auto relative = [&](const std::filesystem::path& p) {
    return p.lexically_relative(root).generic_string();
  };
  if (ec) {
    if (dir == root) {
      throw run_stopped("cannot read image folder '" + root.string() + "': " + ec.message());
    }
    out.rejected.emplace_back(relative(dir) + "/", "sub-folder cannot be read: " + ec.message());
    return;
  }
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const auto& entry = *it;
    const auto& path = entry.path();
    std::error_code status_ec;
    const auto status = entry.status(status_ec);  // follows symbolic links
    if (!status_ec && status.type() == std::filesystem::file_type::directory &&
        !has_png_extension(path)) {
      // A link to a folder is followed only if it is not a link: a link
      // loop through folders would otherwise never end.
      if (recursive && !entry.is_symlink(status_ec)) {
        scan_into(root, path, recursive, out);
      } else {
        ++out.skipped_folders;
      }
      continue;
    }
    if (!has_png_extension(path)) continue;
    // Every *.png entry counts as an input: one that is not a file is
    // reported, not silently passed over.
    const std::string reason = why_not_a_file(status, status_ec);
    if (reason.empty()) {
      out.files.push_back({path, relative(path)});
    } else {
      out.rejected.emplace_back(relative(path), reason);
    }
  }
  if (ec) {
    throw run_stopped("cannot list image folder '" + dir.string() + "': " + ec.message());
  }
}

}  // namespace

folder_scan scan_folder(const std::filesystem::path& dir, bool recursive) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw run_stopped("image folder '" + dir.string() + "' " +
                      (ec ? "cannot be read: " + ec.message()
                          : std::string("does not exist or is not a folder")));
  }
  folder_scan out;
  scan_into(dir, dir, recursive, out);
  std::sort(out.files.begin(), out.files.end(),
            [](const found_file& a, const found_file& b) { return a.name < b.name; });
  std::sort(out.rejected.begin(), out.rejected.end());
  return out;
}

}  // namespace image_store
