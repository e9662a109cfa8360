# Writes a .cpp defining `std::string_view <FUNCTION>()` in habitd::embedded that returns FILE's text.
# Usage: cmake -DOUTPUT=... -DFUNCTION=openapi_json -DFILE=... -P EmbedText.cmake
# The length comes from sizeof, not from a constexpr strlen, whose loop limit a 1.5 MB file
# (Swagger UI's bundle) exceeds.
file(READ "${FILE}" text)
set(body "#include <string_view>\n\nnamespace habitd::embedded {\nstd::string_view ${FUNCTION}() {\n  static constexpr char kText[] = R\"habitd_embed(${text})habitd_embed\";\n  return std::string_view(kText, sizeof(kText) - 1);\n}\n}  // namespace habitd::embedded\n")
file(WRITE "${OUTPUT}.tmp" "${body}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
