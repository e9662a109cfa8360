# The web app of webapp/, compiled into the binary (cmake/EmbedAssets.cmake) and served at / and
# /app/{asset} by api/v1/webapp_handlers. Adding a file means adding it here; the service worker
# pre-caches exactly this list.
set(HABITD_WEBAPP_FILES
  index.html
  app.css
  main.js
  dom.js
  dates.js
  api.js
  session.js
  queue.js
  sync.js
  store.js
  today-model.js
  habit-model.js
  today.js
  habit-form.js
  habit-page.js
  charts.js
  progress.js
  settings.js
  auth.js
  sw.js
  manifest.webmanifest
  icon.svg
  icon-192.png
  icon-512.png)
set(HABITD_WEBAPP_DIR ${CMAKE_SOURCE_DIR}/webapp)
set(HABITD_WEBAPP_CPP ${CMAKE_BINARY_DIR}/generated/webapp_assets.cpp)
list(TRANSFORM HABITD_WEBAPP_FILES PREPEND ${HABITD_WEBAPP_DIR}/ OUTPUT_VARIABLE HABITD_WEBAPP_PATHS)
string(REPLACE ";" "|" HABITD_WEBAPP_ARG "${HABITD_WEBAPP_FILES}")
add_custom_command(
  OUTPUT ${HABITD_WEBAPP_CPP}
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${HABITD_WEBAPP_CPP} -DDIR=${HABITD_WEBAPP_DIR} "-DFILES=${HABITD_WEBAPP_ARG}"
          -P ${CMAKE_SOURCE_DIR}/cmake/EmbedAssets.cmake
  DEPENDS ${HABITD_WEBAPP_PATHS} ${CMAKE_SOURCE_DIR}/cmake/EmbedAssets.cmake ${CMAKE_SOURCE_DIR}/cmake/WebApp.cmake
  COMMENT "Embedding the web app"
  VERBATIM)
