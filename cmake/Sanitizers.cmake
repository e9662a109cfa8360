# ASan + UBSan for the debug preset that the tests use; for the fuzz preset (clang), the same plus
# libFuzzer's coverage instrumentation (the fuzz targets add -fsanitize=fuzzer when linking).
add_library(habitd_options INTERFACE)
target_compile_features(habitd_options INTERFACE cxx_std_20)
if(HABITD_SANITIZE)
  target_compile_options(habitd_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -fno-sanitize=vptr)
  target_link_options(habitd_options INTERFACE -fsanitize=address,undefined)
endif()
# ThreadSanitizer for the tsan preset (make tsan): data races in the concurrent parts.
option(HABITD_TSAN "Build with ThreadSanitizer" OFF)
# -Wno-tsan: GCC 12 warns (an error under -Werror) at every atomic_thread_fence, which TSan does
# not model, and Asio's handler invocation is full of them (std_fenced_block); Asio's queues hand
# work over under mutexes, which TSan does see.
if(HABITD_TSAN)
  target_compile_options(habitd_options INTERFACE -fsanitize=thread -fno-omit-frame-pointer -Wno-tsan)
  target_link_options(habitd_options INTERFACE -fsanitize=thread)
endif()
if(HABITD_FUZZ)
  target_compile_options(habitd_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                                                  -fno-sanitize-recover=all -fno-sanitize=vptr)
  target_link_options(habitd_options INTERFACE -fsanitize=address,undefined)
endif()
