# The libFuzzer targets, one per <name>.cpp in fuzz/ with seeds in fuzz/corpus/<name>/. Read by
# fuzz/CMakeLists.txt (clang build) and tests/CMakeLists.txt (a brief ctest run of each).
set(HABITD_FUZZ_TARGETS
  auth_body_fuzz
  habit_body_fuzz
  log_body_fuzz
  import_body_fuzz
  calendar_fuzz
  request_target_fuzz
  access_token_fuzz
  render_fuzz
  canonical_json_fuzz)
