# Warnings for our own code only (dependencies come in as SYSTEM includes).
add_library(habitd_warnings INTERFACE)
target_compile_options(habitd_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wimplicit-fallthrough
  # GCC 12 false positive on "literal" + std::to_string (PR105329); clang (fuzz/) has no such flag.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
  # Designated initialisers that leave defaulted members out are intended.
  -Wno-missing-field-initializers
  $<$<BOOL:${HABITD_WERROR}>:-Werror>)
