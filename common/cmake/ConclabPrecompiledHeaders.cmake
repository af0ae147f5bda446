# Precompiled headers for the labs' many small targets. Every variant of every lab (student,
# solution, each broken one) compiles its own tests and code, and most of that time goes into
# the same large headers (GoogleTest, cpp-httplib, nlohmann-json, the standard library's thread
# support). Each set below is compiled once per build and reused by every target that asks for
# it. Even a lab's small code files spend about 40% of their compile parsing the standard
# headers, and there are hundreds of them (every variant's own copy of the student's files).
#
# conclab_use_precompiled_headers(TARGET SET): SET is "test" (GoogleTest and the standard
# library), "test_http" (those, cpp-httplib and nlohmann-json), "http" (cpp-httplib and
# nlohmann-json, for a lab's code), "code" (the standard library alone, for a lab's code),
# "unit" (doctest, nlohmann-json and the standard library, for the unit tests) or "tool"
# (nlohmann-json and the standard library, for the grading library).
# conclab_precompile_own_headers(TARGET HEADERS...) gives one target a set of its own.
# Both do nothing when CONCLAB_PRECOMPILED_HEADERS is off.

option(CONCLAB_PRECOMPILED_HEADERS "Compile the large common headers of lab targets once" ON)
set(CONCLAB_PCH_CHECKSUM_LAUNCHER "${CMAKE_CURRENT_LIST_DIR}/pch_checksum.sh")

set(CONCLAB_PCH_STANDARD
  <algorithm> <atomic> <chrono> <condition_variable> <cstddef> <functional> <future> <map>
  <memory> <mutex> <optional> <string> <string_view> <thread> <vector>)

# conclab_add_pch_holder(SET LIBRARIES HEADERS...): an object library whose only job is to own
# the precompiled header SET, compiled with the warnings and LIBRARIES' definitions that the
# targets reusing it have.
function(conclab_add_pch_holder set libraries)
  set(holder conclab_pch_${set})
  set(source "${CMAKE_CURRENT_BINARY_DIR}/${holder}.cpp")
  file(CONFIGURE OUTPUT "${source}" CONTENT "// Owns the precompiled headers '${set}'.\n")
  add_library(${holder} OBJECT "${source}")
  target_link_libraries(${holder} PRIVATE ${libraries})
  conclab_warnings(${holder})
  target_precompile_headers(${holder} PRIVATE ${ARGN})
  # A checksum beside each header, which ccache hashes instead of the header (see the script).
  set_target_properties(${holder} PROPERTIES CXX_COMPILER_LAUNCHER
    "${CONCLAB_PCH_CHECKSUM_LAUNCHER};${CMAKE_CXX_COMPILER_LAUNCHER}")
endfunction()

# The sets of conclab's own code (unit tests and the grading library), which exist before any
# lab's; called once, before common/ and grading/ are added.
function(conclab_add_tool_header_sets)
  if(NOT CONCLAB_PRECOMPILED_HEADERS)
    return()
  endif()
  set(tool_headers <nlohmann/json.hpp> <filesystem> <fstream> <iostream> <sstream>
                   ${CONCLAB_PCH_STANDARD})
  conclab_add_pch_holder(unit "doctest::doctest;nlohmann_json::nlohmann_json;Threads::Threads"
                         <doctest/doctest.h> ${tool_headers})
  conclab_add_pch_holder(tool "nlohmann_json::nlohmann_json;Threads::Threads" ${tool_headers})
endfunction()

function(conclab_precompile_own_headers target)
  if(CONCLAB_PRECOMPILED_HEADERS)
    target_precompile_headers(${target} PRIVATE ${ARGN})
    set_target_properties(${target} PROPERTIES CXX_COMPILER_LAUNCHER
      "${CONCLAB_PCH_CHECKSUM_LAUNCHER};${CMAKE_CXX_COMPILER_LAUNCHER}")
  endif()
endfunction()

function(conclab_add_precompiled_header_sets)
  if(NOT CONCLAB_PRECOMPILED_HEADERS)
    return()
  endif()
  conclab_add_pch_holder(test "GTest::gtest;Threads::Threads" <gtest/gtest.h> ${CONCLAB_PCH_STANDARD})
  conclab_add_pch_holder(code "Threads::Threads" ${CONCLAB_PCH_STANDARD})
  if(TARGET conclab::server)
    conclab_add_pch_holder(test_http "GTest::gtest;conclab::server" <gtest/gtest.h> <httplib.h>
                           <nlohmann/json.hpp> ${CONCLAB_PCH_STANDARD})
    conclab_add_pch_holder(http "conclab::server" <httplib.h> <nlohmann/json.hpp>
                           ${CONCLAB_PCH_STANDARD})
  endif()
endfunction()

# conclab_reaches_http(OUT FILE SEARCH_DIRS...): TRUE when FILE includes cpp-httplib,
# nlohmann-json or conclab's API server, itself or through a header it includes with quotes
# (looked for beside FILE, then in SEARCH_DIRS). Each file is read once per configure.
function(conclab_reaches_http out file)
  set(key "conclab_reaches_http:${file}")
  get_property(known GLOBAL PROPERTY "${key}" SET)
  if(known)
    get_property(answer GLOBAL PROPERTY "${key}")
    set(${out} ${answer} PARENT_SCOPE)
    return()
  endif()
  set_property(GLOBAL PROPERTY "${key}" FALSE)  # a header that includes itself ends here
  set(answer FALSE)
  get_filename_component(file_dir "${file}" DIRECTORY)
  file(STRINGS "${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
  foreach(line IN LISTS includes)
    if(line MATCHES "[<\"](httplib\\.h|nlohmann/json\\.hpp|conclab/api_server\\.hpp)[>\"]")
      set(answer TRUE)
      break()
    endif()
    if(NOT line MATCHES "\"([^\"]+)\"")
      continue()
    endif()
    set(name "${CMAKE_MATCH_1}")
    foreach(dir IN ITEMS "${file_dir}" ${ARGN})
      if(EXISTS "${dir}/${name}" AND NOT IS_DIRECTORY "${dir}/${name}")
        conclab_reaches_http(answer "${dir}/${name}" ${ARGN})
        break()
      endif()
    endforeach()
    if(answer)
      break()
    endif()
  endforeach()
  set_property(GLOBAL PROPERTY "${key}" ${answer})
  set(${out} ${answer} PARENT_SCOPE)
endfunction()

# conclab_use_precompiled_headers_for(TARGET FILE PLAIN_SET HTTP_SET SEARCH_DIRS...): HTTP_SET
# when FILE reaches cpp-httplib or nlohmann-json (conclab_reaches_http), PLAIN_SET otherwise.
# A lab that links the API server needs those headers in only some of its files, and every
# compile pays for the set it uses even when it needs none of it (GCC instantiates the
# templates the set's inline functions use once per file: about 1.6 s more per file for
# "http" than for "code"). The choice only changes speed: a file whose own text includes a
# header its set lacks still compiles.
function(conclab_use_precompiled_headers_for target file plain_set http_set)
  set(set ${plain_set})
  if(NOT plain_set STREQUAL http_set)
    conclab_reaches_http(reaches "${file}" ${ARGN})
    if(reaches)
      set(set ${http_set})
    endif()
  endif()
  conclab_use_precompiled_headers(${target} ${set})
endfunction()

function(conclab_use_precompiled_headers target set)
  if(CONCLAB_PRECOMPILED_HEADERS AND TARGET conclab_pch_${set})
    target_precompile_headers(${target} REUSE_FROM conclab_pch_${set})
  endif()
endfunction()
