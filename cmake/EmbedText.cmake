# Writes a .cpp defining `std::string_view <FUNCTION>()` in habitd::embedded that returns FILE's text.
# Usage: cmake -DOUTPUT=... -DFUNCTION=openapi_json -DFILE=... -P EmbedText.cmake
file(READ "${FILE}" text)
set(body "#include <string_view>\n\nnamespace habitd::embedded {\nstd::string_view ${FUNCTION}() {\n  static constexpr std::string_view kText = R\"habitd_embed(${text})habitd_embed\";\n  return kText;\n}\n}  // namespace habitd::embedded\n")
file(WRITE "${OUTPUT}.tmp" "${body}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
