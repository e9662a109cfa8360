# Every dependency is a Debian 12 package (scripts/packages/build.txt).
find_package(Threads REQUIRED)
find_package(Boost 1.81.0 EXACT REQUIRED CONFIG COMPONENTS json url)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(cpp-jwt REQUIRED)
find_package(date REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBXCRYPT REQUIRED IMPORTED_TARGET libxcrypt)

# Debian ships SOCI without CMake or pkg-config files.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_library(SOCI_CORE_LIB soci_core REQUIRED)
find_library(SOCI_SQLITE3_LIB soci_sqlite3 REQUIRED)
find_library(SOCI_POSTGRESQL_LIB soci_postgresql REQUIRED)
add_library(habitd_soci INTERFACE)
target_include_directories(habitd_soci SYSTEM INTERFACE ${SOCI_INCLUDE_DIR})
target_link_libraries(habitd_soci INTERFACE ${SOCI_SQLITE3_LIB} ${SOCI_POSTGRESQL_LIB} ${SOCI_CORE_LIB}
  Boost::headers SQLite::SQLite3 PostgreSQL::PostgreSQL ${CMAKE_DL_LIBS})
