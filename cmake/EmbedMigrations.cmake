# Writes a .cpp holding the migration files as raw string literals, so the binary carries its schema.
# Usage: cmake -DOUTPUT=... -DFILES="a.sql|b.sql" -P EmbedMigrations.cmake
string(REPLACE "|" ";" FILES "${FILES}")
set(body "#include \"store/migrations.hpp\"\n\nnamespace habitd::store {\nnamespace {\nconstexpr Migration kMigrations[] = {\n")
foreach(file IN LISTS FILES)
  get_filename_component(name "${file}" NAME_WE)
  string(REGEX MATCH "^[0-9]+" version "${name}")
  math(EXPR version "${version}")
  file(READ "${file}" sql)
  string(APPEND body "    {${version}, \"${name}\", R\"habitd_sql(${sql})habitd_sql\"},\n")
endforeach()
string(APPEND body "};\n}  // namespace\n\nstd::span<const Migration> migrations() { return kMigrations; }\n\n}  // namespace habitd::store\n")
file(WRITE "${OUTPUT}.tmp" "${body}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
