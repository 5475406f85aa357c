// Checks zc::dtype::parse against the expectations generate.py derived from
// Python's struct module and NumPy: every format they accept (for a type
// zcbridge describes) must parse to the same kind, item size and byte order;
// every other must be refused with zc::error(invalid_format).
//
//   dtype_formats_check <file written by generate.py>
// Prints each disagreement; exits 1 if there is any (or the file is short).
#include <zc/dtype.hpp>
#include <zc/error.hpp>

#include <cstddef>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

char kind_letter(zc::dtype_kind kind) {
  switch (kind) {
    case zc::dtype_kind::signed_int:
      return 'i';
    case zc::dtype_kind::unsigned_int:
      return 'u';
    case zc::dtype_kind::floating:
      return 'f';
    case zc::dtype_kind::complex:
      return 'c';
    case zc::dtype_kind::boolean:
      return 'b';
  }
  return '?';
}

zc::byte_order order_of(char symbol) {
  if (symbol == '<') return zc::byte_order::little;
  if (symbol == '>') return zc::byte_order::big;
  return zc::host_byte_order;
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos) return fields;
    start = tab + 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: dtype_formats_check <expectations file>\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "cannot open " << argv[1] << "\n";
    return 2;
  }
  std::size_t cases = 0;
  std::size_t valid_cases = 0;
  std::size_t disagreements = 0;
  std::string line;
  while (std::getline(in, line)) {
    const std::vector<std::string> f = split_tabs(line);
    if (f.size() != 5) {
      std::cerr << "malformed line: '" << line << "'\n";
      return 2;
    }
    ++cases;
    const std::string& format = f[0];
    const bool valid = f[1] == "1";
    valid_cases += valid ? 1 : 0;
    std::ostringstream problem;
    try {
      const zc::dtype t = zc::dtype::parse(format);
      if (!valid) {
        problem << "accepted as " << t.describe() << ", but struct and NumPy refuse it";
      } else if (kind_letter(t.kind()) != f[2][0] ||
                 t.itemsize() != static_cast<std::size_t>(std::stoul(f[3])) ||
                 (t.itemsize() > 1 && t.resolved_order() != order_of(f[4][0]))) {
        problem << "parsed as " << t.describe() << ", expected kind " << f[2] << ", " << f[3]
                << " bytes, order " << f[4];
      }
    } catch (const zc::error& e) {
      if (valid) {
        problem << "refused (" << e.what() << "), expected kind " << f[2] << ", " << f[3]
                << " bytes, order " << f[4];
      } else if (e.code() != zc::errc::invalid_format) {
        problem << "refused with code " << zc::to_string(e.code()) << " instead of invalid_format";
      }
    }
    if (!problem.str().empty()) {
      ++disagreements;
      std::cout << "'" << format << "': " << problem.str() << "\n";
    }
  }
  std::cout << cases << " formats (" << valid_cases << " valid), " << disagreements
            << " disagreements\n";
  // A truncated or empty file must not pass as "no disagreement".
  if (cases < 1000 || valid_cases < 100) {
    std::cerr << "too few cases: the generator did not run to the end\n";
    return 1;
  }
  return disagreements == 0 ? 0 : 1;
}
