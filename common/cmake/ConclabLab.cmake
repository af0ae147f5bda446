# How a lab is built and tested.
#
# Every folder labs/NN-slug is a lab. Its lab.json names the student's files and the test
# kinds (the keys of "rubric"); each kind K has its tests in labs/NN-slug/tests/K_test.cpp.
# The lab's code and tests are built once per *variant*:
#   student          the files in labs/NN-slug, as the student has them;
#   solution         the same with the student's files taken from solutions/NN-slug;
#   broken-NAME      the solution changed by grading/corpus/NN-slug/NAME/variant.patch,
#                    a deliberately broken version that named kinds of test must catch.
# Test names are labNN.VARIANT.KIND; labels are labNN, the variant's role and the kind.

include(ConclabPrecompiledHeaders)

set(CONCLAB_TEST_KINDS correctness race deadlock speedup)
set(CONCLAB_RUN_TEST "${PROJECT_SOURCE_DIR}/common/scripts/run-test")

# conclab_json_get(OUT FILE JSON FIELD...): reads a field of lab.json, or stops the configure
# step naming the file and the field.
function(conclab_json_get out file json)
  string(JSON value ERROR_VARIABLE error GET "${json}" ${ARGN})
  if(error)
    string(REPLACE ";" "." field "${ARGN}")
    message(FATAL_ERROR "${file}: field '${field}' is missing or malformed (${error})")
  endif()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

# conclab_json_list(OUT FILE JSON FIELD...): a JSON array of strings as a CMake list.
function(conclab_json_list out file json)
  conclab_json_get(array "${file}" "${json}" ${ARGN})
  string(JSON count ERROR_VARIABLE error LENGTH "${array}")
  if(error)
    string(REPLACE ";" "." field "${ARGN}")
    message(FATAL_ERROR "${file}: field '${field}' must be an array")
  endif()
  set(items "")
  if(count GREATER 0)
    math(EXPR last "${count} - 1")
    foreach(i RANGE ${last})
      string(JSON item GET "${array}" ${i})
      list(APPEND items "${item}")
    endforeach()
  endif()
  set(${out} "${items}" PARENT_SCOPE)
endfunction()

# conclab_read_lab(DIR): reads DIR/lab.json into LAB_TITLE, LAB_STUDENT_FILES, LAB_KINDS,
# LAB_TIMEOUT_<kind>, LAB_CHAOS_RUNS_<kind> (the optional "chaos_runs": seeded runs under
# chaos scheduling, 0 when absent), LAB_GUARDS (the optional "guards": tests the stubs pass by
# design) and LAB_LIBRARIES (the optional "libraries": toolkit targets
# such as conclab::server, or MPI::MPI_CXX, that the lab's code and tests link) and
# LAB_BENCH_LIBRARIES (the optional "bench_libraries": what the benchmark compares against,
# e.g. TBB::tbb) and LAB_ATOMIC_CHAOS (the optional "atomic_chaos": race tests under
# ThreadSanitizer perturbed at atomic operations) and LAB_SPEEDUP_OVERLAPS_WAITS (the optional
# "speedup_overlaps_waits": speedup tests that only check waits overlapping, which need no core
# to themselves) in the caller's scope, validating every field the build uses.
function(conclab_read_lab dir)
  set(file "${dir}/lab.json")
  if(NOT EXISTS "${file}")
    message(FATAL_ERROR "${dir}: the lab has no lab.json")
  endif()
  set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${file}")
  file(READ "${file}" json)
  string(JSON type ERROR_VARIABLE error TYPE "${json}")
  if(error OR NOT type STREQUAL "OBJECT")
    message(FATAL_ERROR "${file}: not a JSON object (${error})")
  endif()
  conclab_json_get(title "${file}" "${json}" title)
  conclab_json_list(student_files "${file}" "${json}" student_files)
  if(NOT student_files)
    message(FATAL_ERROR "${file}: field 'student_files' must name at least one file")
  endif()
  foreach(student_file IN LISTS student_files)
    if(NOT EXISTS "${dir}/${student_file}")
      message(FATAL_ERROR "${file}: field 'student_files' names '${student_file}', "
                          "which is not in ${dir}")
    endif()
  endforeach()
  conclab_json_list(hints "${file}" "${json}" hints)  # validated here, read by the CLI
  set(guards "")
  string(JSON unused ERROR_VARIABLE no_guards GET "${json}" guards)
  if(NOT no_guards)
    conclab_json_list(guards "${file}" "${json}" guards)
  endif()
  set(libraries "")
  string(JSON unused ERROR_VARIABLE no_libraries_field GET "${json}" libraries)
  if(NOT no_libraries_field)
    conclab_json_list(libraries "${file}" "${json}" libraries)
  endif()
  foreach(library IN LISTS libraries)
    if(library STREQUAL "MPI::MPI_CXX" AND NOT TARGET MPI::MPI_CXX)
      message(FATAL_ERROR "${file}: field 'libraries' names MPI::MPI_CXX, and this build found no "
                          "MPI (install Open MPI: grading/bootstrap.sh)")
    endif()
    if(NOT library MATCHES "^(conclab::|MPI::MPI_CXX$)" OR NOT TARGET "${library}")
      message(FATAL_ERROR "${file}: field 'libraries' names '${library}', "
                          "which is not one of the toolkit's conclab:: libraries nor MPI::MPI_CXX")
    endif()
  endforeach()
  set(bench_libraries "")
  string(JSON unused ERROR_VARIABLE no_bench_libraries GET "${json}" bench_libraries)
  if(NOT no_bench_libraries)
    conclab_json_list(bench_libraries "${file}" "${json}" bench_libraries)
  endif()
  foreach(library IN LISTS bench_libraries)
    if(NOT TARGET "${library}")
      message(FATAL_ERROR "${file}: field 'bench_libraries' names '${library}', which is not a "
                          "library this build found (the top-level CMakeLists.txt looks for them)")
    endif()
  endforeach()
  set(kinds "")
  foreach(kind IN LISTS CONCLAB_TEST_KINDS)
    string(JSON weight ERROR_VARIABLE missing GET "${json}" rubric ${kind})
    if(missing)
      continue()
    endif()
    if(NOT weight MATCHES "^[0-9]+$")
      message(FATAL_ERROR "${file}: field 'rubric.${kind}' must be a whole number")
    endif()
    if(NOT EXISTS "${dir}/tests/${kind}_test.cpp")
      message(FATAL_ERROR "${file}: field 'rubric.${kind}' has no tests/${kind}_test.cpp")
    endif()
    conclab_json_get(timeout "${file}" "${json}" timeouts ${kind})
    set(LAB_TIMEOUT_${kind} "${timeout}" PARENT_SCOPE)
    string(JSON chaos_runs ERROR_VARIABLE no_chaos GET "${json}" chaos_runs ${kind})
    if(no_chaos)
      set(chaos_runs 0)
    elseif(NOT chaos_runs MATCHES "^[0-9]+$")
      message(FATAL_ERROR "${file}: field 'chaos_runs.${kind}' must be a whole number")
    endif()
    set(LAB_CHAOS_RUNS_${kind} "${chaos_runs}" PARENT_SCOPE)
    list(APPEND kinds ${kind})
  endforeach()
  if(NOT kinds)
    message(FATAL_ERROR "${file}: field 'rubric' names none of: ${CONCLAB_TEST_KINDS}")
  endif()
  string(JSON atomic_chaos ERROR_VARIABLE no_atomic_chaos GET "${json}" atomic_chaos)
  if(no_atomic_chaos)
    set(atomic_chaos OFF)
  endif()
  set(LAB_ATOMIC_CHAOS "${atomic_chaos}" PARENT_SCOPE)
  string(JSON overlaps_waits ERROR_VARIABLE no_overlaps_waits GET "${json}"
         speedup_overlaps_waits)
  if(no_overlaps_waits)
    set(overlaps_waits OFF)
  endif()
  set(LAB_SPEEDUP_OVERLAPS_WAITS "${overlaps_waits}" PARENT_SCOPE)
  set(LAB_TITLE "${title}" PARENT_SCOPE)
  set(LAB_STUDENT_FILES "${student_files}" PARENT_SCOPE)
  set(LAB_KINDS "${kinds}" PARENT_SCOPE)
  set(LAB_LIBRARIES "${libraries}" PARENT_SCOPE)
  set(LAB_GUARDS "${guards}" PARENT_SCOPE)
  set(LAB_BENCH_LIBRARIES "${bench_libraries}" PARENT_SCOPE)
endfunction()

# conclab_stage_variant(OUT LAB_DIR VARIANT OVERLAY_DIRS...): copies the lab's top-level
# files into the build tree, each overlay folder's files replacing the lab's, so that
# every #include "x.hpp" of the variant sees the variant's own x.hpp. OUT is the folder.
function(conclab_stage_variant out lab_dir variant)
  get_filename_component(lab "${lab_dir}" NAME)
  set(stage "${CMAKE_CURRENT_BINARY_DIR}/labs/${lab}/${variant}/src")
  file(GLOB lab_files LIST_DIRECTORIES false "${lab_dir}/*.hpp" "${lab_dir}/*.cpp")
  foreach(path IN LISTS lab_files)
    get_filename_component(name "${path}" NAME)
    set(source "${path}")
    foreach(overlay IN LISTS ARGN)
      if(EXISTS "${overlay}/${name}")
        set(source "${overlay}/${name}")
      endif()
    endforeach()
    configure_file("${source}" "${stage}/${name}" COPYONLY)
  endforeach()
  set(${out} "${stage}" PARENT_SCOPE)
endfunction()

# conclab_variant_debug_info(TARGET VARIANT): a broken variant is built only to fail its
# tests, and nobody steps through it in a debugger, so its objects carry no debug information
# (they compile about a fifth faster). A grader's slot is not debugged either, but its reports
# name source lines (a lock-order report runs addr2line, a watchdog report reads stacks): line
# tables only, -g1 (a test file compiles in 6.8 s instead of 8.4 s). The precompiled headers,
# made with -g, still apply: GCC uses a header made with more debug information than a compile
# asks for.
function(conclab_variant_debug_info target variant)
  if(variant MATCHES "^broken-")
    target_compile_options(${target} PRIVATE -g0)
  elseif(variant MATCHES "^slot[0-9]+(_shared)?$")
    target_compile_options(${target} PRIVATE -g1)
  endif()
endfunction()

# conclab_add_variant(LAB_DIR VARIANT SOURCE_DIR ROLE KINDS...): the variant's code library,
# one test executable per kind, and their CTest entries. ROLE says what the tests must do:
# "pass" (the solution), "plain" (the student's: reported, not judged), "fail", or "grade" (a
# grader's slot: no CTest entries at all).
#
# Programs: each labs/NN-slug/programs/NAME.cpp becomes the variant's executable NAME, beside
# its tests and built with them, linked with the variant's code: what a test launches as a
# child (lab 12's tests start them under mpirun).
#
# Sharing: when the caller sets VARIANT_SHARES_FROM (the solution's prefix, e.g. lab01_solution)
# and VARIANT_OWN_FILES (the .cpp files the variant replaces, and no header), the variant
# compiles only those files and reuses the solution's objects for the rest, tests included: with
# the same headers they would compile to the same objects.
function(conclab_add_variant lab_dir variant source_dir role)
  get_filename_component(lab "${lab_dir}" NAME)
  string(SUBSTRING "${lab}" 0 2 id)
  set(prefix "lab${id}_${variant}")
  string(REPLACE "-" "_" prefix "${prefix}")
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/labs/${lab}/${variant}")
  # In a lab that links the API server, a file that reaches its headers uses the sets with them.
  if("conclab::server" IN_LIST LAB_LIBRARIES)
    set(code_headers http)
    set(test_headers test_http)
  else()
    set(code_headers code)
    set(test_headers test)
  endif()
  set(header_dirs "${source_dir}" "${PROJECT_SOURCE_DIR}/common/include")

  file(GLOB code LIST_DIRECTORIES false "${source_dir}/*.cpp")
  set(objects "")
  foreach(path IN LISTS code)
    get_filename_component(name "${path}" NAME)
    string(MAKE_C_IDENTIFIER "${name}" object_id)
    if(VARIANT_SHARES_FROM AND NOT name IN_LIST VARIANT_OWN_FILES)
      list(APPEND objects "$<TARGET_OBJECTS:${VARIANT_SHARES_FROM}_obj_${object_id}>")
      continue()
    endif()
    set(object_library ${prefix}_obj_${object_id})
    add_library(${object_library} OBJECT "${path}")
    target_include_directories(${object_library} PUBLIC "${source_dir}")
    target_link_libraries(${object_library} PUBLIC Threads::Threads ${LAB_LIBRARIES})
    conclab_warnings(${object_library})
    conclab_use_precompiled_headers_for(${object_library} "${path}" code ${code_headers}
                                        ${header_dirs})
    conclab_variant_debug_info(${object_library} "${variant}")
    list(APPEND objects "$<TARGET_OBJECTS:${object_library}>")
  endforeach()
  add_library(${prefix}_code STATIC ${objects})
  set_target_properties(${prefix}_code PROPERTIES LINKER_LANGUAGE CXX)
  target_include_directories(${prefix}_code PUBLIC "${source_dir}")
  target_link_libraries(${prefix}_code PUBLIC Threads::Threads ${LAB_LIBRARIES})

  file(GLOB program_sources LIST_DIRECTORIES false "${lab_dir}/programs/*.cpp")
  set(program_targets "")
  foreach(path IN LISTS program_sources)
    get_filename_component(name "${path}" NAME_WE)
    string(MAKE_C_IDENTIFIER "${name}" program_id)
    add_executable(${prefix}_program_${program_id} "${path}")
    target_link_libraries(${prefix}_program_${program_id} PRIVATE ${prefix}_code)
    set_target_properties(${prefix}_program_${program_id} PROPERTIES
      RUNTIME_OUTPUT_DIRECTORY "${out_dir}" OUTPUT_NAME "${name}")
    conclab_warnings(${prefix}_program_${program_id})
    list(APPEND program_targets ${prefix}_program_${program_id})
  endforeach()

  set(test_targets "")
  foreach(kind IN LISTS ARGN)
    set(target ${prefix}_${kind})
    if(VARIANT_SHARES_FROM)
      set(test_objects "$<TARGET_OBJECTS:${VARIANT_SHARES_FROM}_${kind}_obj>")
    else()
      # The test's own code as objects, so that variants with the same headers can share them.
      add_library(${target}_obj OBJECT "${lab_dir}/tests/${kind}_test.cpp")
      target_link_libraries(${target}_obj PRIVATE ${prefix}_code conclab::common GTest::gtest)
      target_include_directories(${target}_obj PRIVATE "${lab_dir}/tests")
      conclab_warnings(${target}_obj)
      conclab_use_precompiled_headers_for(${target}_obj "${lab_dir}/tests/${kind}_test.cpp"
                                          test ${test_headers} ${header_dirs})
      conclab_variant_debug_info(${target}_obj "${variant}")
      set(test_objects "$<TARGET_OBJECTS:${target}_obj>")
    endif()
    conclab_test_timeout_objects(timeout_object ${LAB_TIMEOUT_${kind}})
    add_executable(${target} ${test_objects} ${timeout_object})
    target_link_libraries(${target} PRIVATE ${prefix}_code conclab::gtest_main)
    set_target_properties(${target} PROPERTIES
      RUNTIME_OUTPUT_DIRECTORY "${out_dir}" OUTPUT_NAME "${kind}_test")
    conclab_warnings(${target})
    if(program_targets)
      add_dependencies(${target} ${program_targets})
    endif()
    list(APPEND test_targets ${target})
    if(role STREQUAL "grade")
      continue()
    endif()
    conclab_add_variant_test("lab${id}" "${variant}" "${role}" "${kind}" ${target})
  endforeach()
  add_custom_target(${prefix}_tests DEPENDS ${test_targets})
  set(VARIANT_PREFIX "${prefix}" PARENT_SCOPE)
  set(VARIANT_OUT_DIR "${out_dir}" PARENT_SCOPE)
endfunction()

# conclab_add_variant_test(LAB VARIANT ROLE KIND TARGET [STUB_FILE...]): the CTest entry of
# one kind. A stub check is skipped while any STUB_FILE has uncommitted edits.
function(conclab_add_variant_test lab variant role kind target)
  set(name "${lab}.${variant}.${kind}")
  set(labels "${lab};${kind}")
  set(command "${CONCLAB_RUN_TEST}")
  set(atomic_chaos_runs 1)  # under ThreadSanitizer, in a lab with atomic chaos (below)
  if(role STREQUAL "fail")
    list(APPEND command --expect-fail)
    if(variant STREQUAL "student")
      # Every test fails on the stubs but the lab's guards, which pass: the per-test proof.
      set(name "${lab}.stubs-fail.${kind}")
      list(APPEND labels stubs)
      list(APPEND command --every-test-fails)
      foreach(guard IN LISTS LAB_GUARDS)
        list(APPEND command --guard "${guard}")
      endforeach()
      list(APPEND command --skip-if-edited ${ARGN})
    else()
      # One failing test proves a broken variant caught: the rest are not waited for.
      list(APPEND labels broken)
      list(APPEND command --fail-fast)
      set(atomic_chaos_runs 3)
    endif()
  elseif(role STREQUAL "plain")
    list(APPEND labels student)
  else()
    list(APPEND labels solution)
  endif()
  # Without a sanitizer (which intercepts the same calls), the lab's chosen kinds run several
  # times under seeded chaos scheduling: a failing run names the seed that replays it.
  if(LAB_CHAOS_RUNS_${kind} GREATER 0 AND NOT CONCLAB_SANITIZER AND TARGET conclab_chaos)
    list(APPEND command --chaos ${LAB_CHAOS_RUNS_${kind}}
         --chaos-library $<TARGET_FILE:conclab_chaos>)
  endif()
  # Under ThreadSanitizer, the race tests of a lab with "atomic_chaos": true run once with chaos
  # at atomic loads and stores: a load-then-store built from atomics is no data race, and only
  # a perturbed schedule shows it. A broken variant gets three seeds, until one catches it: a
  # read that races with a map's rehash is seen only when a rehash falls between the reader's
  # locks, and one run missed it in about one CI run of ten (lab 11's
  # inputs-read-from-a-growing-map).
  if(kind STREQUAL "race" AND LAB_ATOMIC_CHAOS AND TARGET conclab_atomic_chaos)
    list(APPEND command --chaos ${atomic_chaos_runs}
         --chaos-library $<TARGET_FILE:conclab_atomic_chaos>)
  endif()
  add_test(NAME "${name}" COMMAND ${command} -- $<TARGET_FILE:${target}>)
  # The watchdog ends a hung test long before this; the limit only guards the watchdog.
  set_tests_properties("${name}" PROPERTIES LABELS "${labels}" TIMEOUT 300 SKIP_RETURN_CODE 77)
  if(kind STREQUAL "speedup" AND NOT LAB_SPEEDUP_OVERLAPS_WAITS)
    # CPU-bound speedup is measured on an otherwise idle machine: never beside another test.
    # The label "alone" lets the self-test run these after its other work (conclab selftest).
    # A lab whose speedup only checks that waits overlap ("speedup_overlaps_waits": true) needs
    # no core to itself: its tests run with the rest.
    set_property(TEST "${name}" APPEND PROPERTY LABELS alone)
    set_tests_properties("${name}" PROPERTIES RUN_SERIAL TRUE)
  elseif(kind STREQUAL "race")
    # Race tests keep every core busy (chaos, many threads): each counts as two of the test
    # presets' slots, so two of them never share the machine with anything else. The other
    # kinds mostly wait (on a watchdog, a timeout, a child) and run four at a time.
    set_tests_properties("${name}" PROPERTIES PROCESSORS 2)
  endif()
endfunction()

# conclab_add_programs(LAB_DIR PREFIX OUT_DIR): the variant's demo and benchmark. When the
# caller sets VARIANT_SHARES_FROM (see conclab_add_variant), the demo reuses that variant's demo
# objects. The student's benchmark is built in the release preset only: timings of unoptimised
# code mean nothing, and the handouts run it from build/release.
function(conclab_add_programs lab_dir prefix out_dir)
  file(GLOB demo_sources "${lab_dir}/demo/*.cpp")
  if(demo_sources)
    if(VARIANT_SHARES_FROM)
      set(demo_objects "$<TARGET_OBJECTS:${VARIANT_SHARES_FROM}_demo_obj>")
    else()
      add_library(${prefix}_demo_obj OBJECT ${demo_sources})
      target_link_libraries(${prefix}_demo_obj PRIVATE ${prefix}_code conclab::demo_main
                                                       conclab::timeline)
      conclab_warnings(${prefix}_demo_obj)
      set(demo_objects "$<TARGET_OBJECTS:${prefix}_demo_obj>")
    endif()
    add_executable(${prefix}_demo ${demo_objects})
    target_link_libraries(${prefix}_demo PRIVATE ${prefix}_code conclab::demo_main
                                                 conclab::timeline)
    set_target_properties(${prefix}_demo PROPERTIES
      RUNTIME_OUTPUT_DIRECTORY "${out_dir}" OUTPUT_NAME demo)
    conclab_warnings(${prefix}_demo)
  endif()
  file(GLOB bench_sources "${lab_dir}/bench/*.cpp")
  # Timings under a sanitizer mean nothing, and what benchmarks compare against may not build
  # there (moodycamel's queue uses fences ThreadSanitizer does not support).
  if(bench_sources AND NOT CONCLAB_SANITIZER)
    add_executable(${prefix}_bench ${bench_sources})
    target_link_libraries(${prefix}_bench PRIVATE ${prefix}_code benchmark::benchmark_main
                                                  conclab::timeline conclab::common ${LAB_BENCH_LIBRARIES})
    target_include_directories(${prefix}_bench PRIVATE "${lab_dir}/tests")  # test data
    set_target_properties(${prefix}_bench PROPERTIES
      RUNTIME_OUTPUT_DIRECTORY "${out_dir}" OUTPUT_NAME bench)
    conclab_warnings(${prefix}_bench)
    if(prefix MATCHES "_student$" AND NOT CMAKE_BUILD_TYPE STREQUAL "Release")
      set_target_properties(${prefix}_bench PROPERTIES EXCLUDE_FROM_ALL TRUE)
    endif()
  endif()
endfunction()

# conclab_patch_variant(OUT_DIR OUT_FILES LAB_DIR SOLUTION_DIR PATCH): copies the files PATCH
# changes (from the solution, or the lab for files that are not the student's) into a folder of
# their own and applies PATCH to them there; OUT_DIR is that folder, OUT_FILES their names.
function(conclab_patch_variant out_dir out_files lab_dir solution_dir patch)
  find_program(CONCLAB_PATCH patch REQUIRED)
  get_filename_component(variant_dir "${patch}" DIRECTORY)
  get_filename_component(name "${variant_dir}" NAME)
  get_filename_component(lab "${lab_dir}" NAME)
  set(work "${CMAKE_CURRENT_BINARY_DIR}/labs/${lab}/broken-${name}/patched")
  file(REMOVE_RECURSE "${work}")
  file(STRINGS "${patch}" targets REGEX "^\\+\\+\\+ b/")
  set(names "")
  foreach(line IN LISTS targets)
    string(REGEX REPLACE "^\\+\\+\\+ b/([^\t]+).*$" "\\1" file_name "${line}")
    if(EXISTS "${solution_dir}/${file_name}")
      file(COPY "${solution_dir}/${file_name}" DESTINATION "${work}")
    elseif(EXISTS "${lab_dir}/${file_name}")
      file(COPY "${lab_dir}/${file_name}" DESTINATION "${work}")
    else()
      message(FATAL_ERROR "${patch}: changes '${file_name}', which the lab does not have")
    endif()
    list(APPEND names "${file_name}")
  endforeach()
  execute_process(COMMAND "${CONCLAB_PATCH}" -p1 --batch --forward --silent -d "${work}"
                  INPUT_FILE "${patch}" RESULT_VARIABLE status OUTPUT_VARIABLE output
                  ERROR_VARIABLE output)
  if(NOT status EQUAL 0 OR NOT names)
    message(FATAL_ERROR "${patch}: does not apply to the solution (did the solution change?)\n"
                        "${output}")
  endif()
  set(${out_dir} "${work}" PARENT_SCOPE)
  set(${out_files} "${names}" PARENT_SCOPE)
endfunction()

# conclab_add_broken_variants(LAB_DIR SOLUTION_DIR): every folder of grading/corpus/LAB
# with a variant.json {"description": ..., "caught_by": [kinds]} and a variant.patch (a unified
# diff against the solution, paths a/FILE b/FILE) is built on the solution and must fail each
# kind it names.
function(conclab_add_broken_variants lab_dir solution_dir)
  get_filename_component(lab "${lab_dir}" NAME)
  string(SUBSTRING "${lab}" 0 2 id)
  file(GLOB variant_files "${PROJECT_SOURCE_DIR}/grading/corpus/${lab}/*/variant.json")
  foreach(variant_file IN LISTS variant_files)
    get_filename_component(variant_dir "${variant_file}" DIRECTORY)
    get_filename_component(name "${variant_dir}" NAME)
    set(patch "${variant_dir}/variant.patch")
    if(NOT EXISTS "${patch}")
      message(FATAL_ERROR "${variant_dir}: the variant has no variant.patch")
    endif()
    set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY
      CMAKE_CONFIGURE_DEPENDS "${variant_file}" "${patch}")
    file(READ "${variant_file}" json)
    # Submissions only the grader can take (compile errors, fork bombs, tampered tests) and
    # correct alternatives are graded by `conclab grade-corpus`, not built here.
    string(JSON grader_only ERROR_VARIABLE no_field GET "${json}" grader_only)
    if(grader_only)
      continue()
    endif()
    conclab_json_list(caught_by "${variant_file}" "${json}" caught_by)
    # A data race that only ThreadSanitizer sees (an unguarded read that plain runs survive) is
    # proven under the sanitizer alone: "race_seen_by": "thread-sanitizer".
    string(JSON race_seen_by ERROR_VARIABLE no_field GET "${json}" race_seen_by)
    if(race_seen_by AND NOT race_seen_by MATCHES "^(thread-sanitizer|plain-runs)$")
      message(FATAL_ERROR "${variant_file}: field 'race_seen_by' must be 'thread-sanitizer' or "
                          "'plain-runs', not '${race_seen_by}'")
    endif()
    set(kinds "")
    foreach(kind IN LISTS caught_by)
      if(NOT kind IN_LIST LAB_RUBRIC_KINDS)
        message(FATAL_ERROR "${variant_file}: field 'caught_by' names '${kind}', "
                            "which lab ${lab} does not test")
      endif()
      # Under a sanitizer only the race kind is proven again: it is the one ThreadSanitizer
      # sharpens, and the only one the grader runs there. Deadlocks, wrong results and lost
      # speedup are proven by the default build (where deadlocks also get chaos runs).
      if(CONCLAB_SANITIZER AND NOT kind STREQUAL "race")
        continue()
      endif()
      if(NOT CONCLAB_SANITIZER STREQUAL "thread" AND kind STREQUAL "race" AND
         race_seen_by STREQUAL "thread-sanitizer")
        continue()
      endif()
      # A race no sanitizer can see (every access locked, but one step split over two holds of
      # the lock; a race between processes) shows only as a wrong result when they interleave;
      # a sanitizer's slowness makes that a matter of luck, so it is proven by plain runs
      # alone: "race_seen_by": "plain-runs".
      if(CONCLAB_SANITIZER AND kind STREQUAL "race" AND race_seen_by STREQUAL "plain-runs")
        continue()
      endif()
      list(APPEND kinds ${kind})
    endforeach()
    if(kinds)
      conclab_patch_variant(patched changed "${lab_dir}" "${solution_dir}" "${patch}")
      conclab_stage_variant(stage "${lab_dir}" "broken-${name}" "${solution_dir}" "${patched}")
      # A variant that changes no header shares the solution's other objects.
      set(VARIANT_OWN_FILES "${changed}")
      list(FILTER VARIANT_OWN_FILES INCLUDE REGEX "\\.cpp$")
      set(changed_headers "${changed}")
      list(FILTER changed_headers INCLUDE REGEX "\\.hpp$")
      set(VARIANT_SHARES_FROM "")
      if(NOT changed_headers)
        set(VARIANT_SHARES_FROM "lab${id}_solution")
      endif()
      conclab_add_variant("${lab_dir}" "broken-${name}" "${stage}" fail ${kinds})
    endif()
  endforeach()
endfunction()

# conclab_add_one_core_check(LAB PREFIX): the solution's speedup test, pinned to one core with
# taskset, must not fail: a CPU-bound check says "skipped: 1 core available", and a check of
# overlapping I/O (which one core can do) passes.
function(conclab_add_one_core_check lab prefix)
  find_program(CONCLAB_TASKSET taskset)
  if(NOT TARGET ${prefix}_speedup OR NOT CONCLAB_TASKSET OR CONCLAB_SANITIZER)
    return()
  endif()
  add_test(NAME "${lab}.solution.speedup-on-one-core"
           COMMAND "${CONCLAB_TASKSET}" -c 0 $<TARGET_FILE:${prefix}_speedup>)
  set_tests_properties("${lab}.solution.speedup-on-one-core" PROPERTIES
    LABELS "${lab};solution;speedup" TIMEOUT 60 FAIL_REGULAR_EXPRESSION "\\[  FAILED  \\]")
  if(NOT LAB_SPEEDUP_OVERLAPS_WAITS)
    set_property(TEST "${lab}.solution.speedup-on-one-core" APPEND PROPERTY LABELS alone)
    set_tests_properties("${lab}.solution.speedup-on-one-core" PROPERTIES RUN_SERIAL TRUE)
  endif()
endfunction()

# conclab_share_solution_objects(SOLUTION_PREFIX): sets VARIANT_SHARES_FROM and
# VARIANT_OWN_FILES in the caller's scope for a variant whose student files replace the
# solution's. In a lab whose student files are all .cpp files, every header is the lab's own, so
# such a variant compiles only the student's files and reuses the solution's other objects; in a
# lab with a student header, it shares nothing (both are set empty).
function(conclab_share_solution_objects solution_prefix)
  set(student_headers "${LAB_STUDENT_FILES}")
  list(FILTER student_headers EXCLUDE REGEX "\\.cpp$")
  if(student_headers)
    set(VARIANT_SHARES_FROM "" PARENT_SCOPE)
    set(VARIANT_OWN_FILES "" PARENT_SCOPE)
  else()
    set(VARIANT_SHARES_FROM "${solution_prefix}" PARENT_SCOPE)
    set(VARIANT_OWN_FILES "${LAB_STUDENT_FILES}" PARENT_SCOPE)
  endif()
endfunction()

set(CONCLAB_GRADE_SLOTS 2 CACHE STRING
    "How many submissions of each lab the grader can build at once (conclab grade --jobs)")

# conclab_add_grade_slots(LAB_DIR SOLUTION_DIR): the builds `conclab grade` puts submissions
# in. Slot K's sources live in build/PRESET/grade/LAB/slotK/src: the lab's files, with the
# grader writing a submission's student files over them before each build. They start as the
# solution's and are never overwritten by a later configure (which would grade the solution
# in the student's name). Built only when the grader asks; no CTest entries.
# In a lab whose student files are all .cpp files, a slot compiles only those and reuses the
# solution's other objects, tests included: with the same headers they are the same objects,
# and a first grading then builds in seconds, not minutes. In a lab with a student header, the
# slot compiles every test against the submission's headers; beside it, slotK_shared builds
# from the same sources as if the lab had none: the grader takes it for a submission whose
# headers are the solution's, byte for byte (most of a class, and every broken variant that
# changes only .cpp files), which then compiles only its .cpp files too.
function(conclab_add_grade_slots lab_dir solution_dir)
  get_filename_component(lab "${lab_dir}" NAME)
  string(SUBSTRING "${lab}" 0 2 id)
  conclab_share_solution_objects("lab${id}_solution")  # sets nothing to share: a student header
  set(student_sources "${LAB_STUDENT_FILES}")
  list(FILTER student_sources INCLUDE REGEX "\\.cpp$")
  math(EXPR last "${CONCLAB_GRADE_SLOTS} - 1")
  foreach(slot RANGE ${last})
    set(stage "${CMAKE_BINARY_DIR}/grade/${lab}/slot${slot}/src")
    file(GLOB lab_files LIST_DIRECTORIES false "${lab_dir}/*.hpp" "${lab_dir}/*.cpp")
    foreach(path IN LISTS lab_files)
      get_filename_component(name "${path}" NAME)
      if(NOT EXISTS "${stage}/${name}")
        set(source "${path}")
        if(EXISTS "${solution_dir}/${name}")
          set(source "${solution_dir}/${name}")
        endif()
        file(COPY "${source}" DESTINATION "${stage}")
      endif()
    endforeach()
    conclab_add_variant("${lab_dir}" "slot${slot}" "${stage}" grade ${LAB_KINDS})
    conclab_exclude_variant_from_all("${VARIANT_PREFIX}")
    if(NOT VARIANT_SHARES_FROM)
      set(VARIANT_SHARES_FROM "lab${id}_solution")
      set(VARIANT_OWN_FILES "${student_sources}")
      conclab_add_variant("${lab_dir}" "slot${slot}_shared" "${stage}" grade ${LAB_KINDS})
      conclab_exclude_variant_from_all("${VARIANT_PREFIX}")
      conclab_share_solution_objects("lab${id}_solution")  # the next slot's settings again
    endif()
  endforeach()
endfunction()

# conclab_exclude_variant_from_all(PREFIX): the variant's targets are built only when asked for.
function(conclab_exclude_variant_from_all prefix)
  get_directory_property(targets BUILDSYSTEM_TARGETS)
  list(FILTER targets INCLUDE REGEX "^${prefix}_")
  set_target_properties(${targets} PROPERTIES EXCLUDE_FROM_ALL TRUE)
endfunction()

# conclab_add_lab_target(ID): labID_all, everything of lab ID that a plain build builds (and
# the chaos libraries its tests run with): what `conclab selftest --lab ID` builds.
function(conclab_add_lab_target id)
  get_directory_property(targets BUILDSYSTEM_TARGETS)
  list(FILTER targets INCLUDE REGEX "^lab${id}_")
  set(built "")
  foreach(target IN LISTS targets)
    get_target_property(excluded ${target} EXCLUDE_FROM_ALL)
    get_target_property(type ${target} TYPE)
    if(NOT excluded AND NOT type STREQUAL "UTILITY")
      list(APPEND built ${target})
    endif()
  endforeach()
  foreach(chaos IN ITEMS conclab_chaos conclab_atomic_chaos)
    if(TARGET ${chaos})
      list(APPEND built ${chaos})
    endif()
  endforeach()
  add_custom_target(lab${id}_all)
  add_dependencies(lab${id}_all ${built})
endfunction()

# conclab_add_lab(LAB_DIR): the lab's student, stub, solution and broken builds.
function(conclab_add_lab lab_dir)
  get_filename_component(lab "${lab_dir}" NAME)
  string(SUBSTRING "${lab}" 0 2 id)
  conclab_read_lab("${lab_dir}")
  set(LAB_RUBRIC_KINDS "${LAB_KINDS}")  # every kind the lab tests, for validation
  if(CONCLAB_SANITIZER)
    # Speedup cannot be measured under a sanitizer (its tests only skip): not built there.
    list(REMOVE_ITEM LAB_KINDS speedup)
  endif()
  set(solution_dir "${PROJECT_SOURCE_DIR}/solutions/${lab}")
  foreach(student_file IN LISTS LAB_STUDENT_FILES)
    if(NOT EXISTS "${solution_dir}/${student_file}")
      message(FATAL_ERROR "${lab_dir}/lab.json: field 'student_files' names '${student_file}', "
                          "which solutions/${lab} does not have")
    endif()
  endforeach()

  conclab_stage_variant(stage "${lab_dir}" solution "${solution_dir}")
  conclab_add_variant("${lab_dir}" solution "${stage}" pass ${LAB_KINDS})
  conclab_add_programs("${lab_dir}" "${VARIANT_PREFIX}" "${VARIANT_OUT_DIR}")
  if(TARGET ${VARIANT_PREFIX}_demo)
    add_test(NAME "lab${id}.solution.demo"
             COMMAND "${CONCLAB_RUN_TEST}" -- $<TARGET_FILE:${VARIANT_PREFIX}_demo>)
    set_tests_properties("lab${id}.solution.demo" PROPERTIES
      LABELS "lab${id};solution;demo" TIMEOUT 60 SKIP_RETURN_CODE 77)
  endif()
  set(solution_prefix "${VARIANT_PREFIX}")

  # The student's files build in place, so that compile errors point at them. In a lab whose
  # student files are all .cpp files, the headers are the same as the solution's, so the tests,
  # the demo and the lab's other code are the solution's objects: only the student's files compile.
  conclab_share_solution_objects("${solution_prefix}")
  conclab_add_variant("${lab_dir}" student "${lab_dir}" plain ${LAB_KINDS})
  conclab_add_programs("${lab_dir}" "${VARIANT_PREFIX}" "${VARIANT_OUT_DIR}")
  set(VARIANT_SHARES_FROM "")
  set(VARIANT_OWN_FILES "")
  if(CONCLAB_SANITIZER)
    # The default build proves the stubs fail; here the student's targets are built only when
    # asked for (conclab check --tsan builds labNN_student_tests).
    conclab_exclude_variant_from_all("${VARIANT_PREFIX}")
  else()
    list(TRANSFORM LAB_STUDENT_FILES PREPEND "${lab_dir}/" OUTPUT_VARIABLE stub_files)
    foreach(kind IN LISTS LAB_KINDS)
      conclab_add_variant_test("lab${id}" student fail ${kind} ${VARIANT_PREFIX}_${kind}
                               ${stub_files})
    endforeach()
  endif()

  conclab_add_one_core_check("lab${id}" "${solution_prefix}")
  if(CONCLAB_GRADE_SLOTS GREATER 0)
    conclab_add_grade_slots("${lab_dir}" "${solution_dir}")
  endif()

  if(CONCLAB_BROKEN_CHECKS)
    conclab_add_broken_variants("${lab_dir}" "${solution_dir}")
  endif()
  conclab_add_lab_target("${id}")
  message(STATUS "conclab: lab ${lab}: ${LAB_TITLE} (${LAB_KINDS})")
endfunction()

set(CONCLAB_LABS "" CACHE STRING
    "Numbers of the labs to build (e.g. \"01;03\"); empty builds every lab")

# conclab_add_all_labs(): every labs/NN-slug folder, in order (only those CONCLAB_LABS names,
# when it names any).
function(conclab_add_all_labs)
  conclab_add_precompiled_header_sets()
  file(GLOB lab_dirs LIST_DIRECTORIES true "${PROJECT_SOURCE_DIR}/labs/[0-9][0-9]-*")
  list(SORT lab_dirs)
  foreach(lab_dir IN LISTS lab_dirs)
    get_filename_component(lab "${lab_dir}" NAME)
    string(SUBSTRING "${lab}" 0 2 id)
    if(CONCLAB_LABS AND NOT id IN_LIST CONCLAB_LABS)
      continue()
    endif()
    if(IS_DIRECTORY "${lab_dir}")
      conclab_add_lab("${lab_dir}")
    endif()
  endforeach()
endfunction()
