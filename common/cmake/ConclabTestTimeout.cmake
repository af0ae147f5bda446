# conclab_test_timeout_objects(OUT SECONDS): the object file that sets a test executable's
# watchdog limit (common/src/test_timeout.cpp with CONCLAB_TEST_TIMEOUT_SECONDS=SECONDS).
# It is compiled once per distinct limit and shared by every test executable with that limit,
# where each executable used to compile its own copy (some two hundred compiles of one file).
# OUT is the generator expression naming the object, to list among the executable's sources.
function(conclab_test_timeout_objects out seconds)
  string(MAKE_C_IDENTIFIER "conclab_test_timeout_${seconds}" target)
  if(NOT TARGET ${target})
    add_library(${target} OBJECT "${PROJECT_SOURCE_DIR}/common/src/test_timeout.cpp")
    target_compile_definitions(${target} PRIVATE CONCLAB_TEST_TIMEOUT_SECONDS=${seconds})
    conclab_warnings(${target})
  endif()
  set(${out} "$<TARGET_OBJECTS:${target}>" PARENT_SCOPE)
endfunction()
