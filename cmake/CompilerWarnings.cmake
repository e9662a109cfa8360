# Warnings for our own code only (dependencies come in as SYSTEM includes).
add_library(habitd_warnings INTERFACE)
target_compile_options(habitd_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  # GCC 12 false positive on "literal" + std::to_string (PR105329).
  -Wno-restrict
  $<$<BOOL:${HABITD_WERROR}>:-Werror>)
