# conclab_add_unit_tests(NAME LIBRARY SOURCES...): a doctest executable conclab_NAME_tests for LIBRARY,
# run by CTest (through the launcher, for its ThreadSanitizer set-up) as NAME.unit.
find_package(doctest CONFIG REQUIRED)

function(conclab_add_unit_tests name library)
  set(target conclab_${name}_tests)
  add_executable(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE ${library} doctest::doctest)
  conclab_warnings(${target})
  add_test(NAME ${name}.unit COMMAND "${CONCLAB_RUN_TEST}" -- $<TARGET_FILE:${target}>)
  set_tests_properties(${name}.unit PROPERTIES LABELS "unit;${name}" TIMEOUT 120)
endfunction()
