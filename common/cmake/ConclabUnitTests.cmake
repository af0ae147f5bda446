# conclab_add_unit_tests(NAME LIBRARY SOURCES...): a doctest executable conclab_NAME_tests for LIBRARY,
# run by CTest (through the launcher, for its ThreadSanitizer set-up) as NAME.unit. Every such
# executable shares one compiled main() (common/tests/main.cpp) and the "unit" precompiled
# headers.
find_package(doctest CONFIG REQUIRED)

conclab_add_tool_header_sets()

add_library(conclab_doctest_main OBJECT "${PROJECT_SOURCE_DIR}/common/tests/main.cpp")
target_link_libraries(conclab_doctest_main PRIVATE doctest::doctest)
conclab_warnings(conclab_doctest_main)

function(conclab_add_unit_tests name library)
  set(target conclab_${name}_tests)
  add_executable(${target} ${ARGN} $<TARGET_OBJECTS:conclab_doctest_main>)
  target_link_libraries(${target} PRIVATE ${library} doctest::doctest)
  conclab_warnings(${target})
  conclab_use_precompiled_headers(${target} unit)
  conclab_compile_together(${target} 8)
  add_test(NAME ${name}.unit COMMAND "${CONCLAB_RUN_TEST}" -- $<TARGET_FILE:${target}>)
  set_tests_properties(${name}.unit PROPERTIES LABELS "unit;${name}" TIMEOUT 120)
endfunction()
