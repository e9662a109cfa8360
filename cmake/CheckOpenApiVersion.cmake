# cmake -DVERSION=x.y.z -DDOCUMENT=openapi/openapi.json -P CheckOpenApiVersion.cmake
# Fails unless the OpenAPI document's info.version is VERSION, the project version of
# CMakeLists.txt: the one place habitd's version is set.
file(READ "${DOCUMENT}" document)
string(JSON documented GET "${document}" info version)
if(NOT documented STREQUAL VERSION)
  message(FATAL_ERROR "openapi.json info.version is ${documented}, CMakeLists.txt's project version is ${VERSION}: "
                      "set both together (and add a CHANGELOG.md entry)")
endif()
message(STATUS "info.version ${documented} = project version ${VERSION}")
