# conclab_compile_together(TARGET BATCH): compiles TARGET's sources BATCH files at a time, each
# batch as one translation unit (CMake's unity build). For conclab's own code only: every file
# of the command line tool, the grading library and the unit tests includes the same large
# headers (CLI11, nlohmann-json, doctest), whose inline code each file would otherwise compile
# again. Lab code never compiles this way, so that a student's errors name the student's file.
# Each file's diagnostics still name that file; names in one file's anonymous namespace must not
# clash with another's in the same target.
option(CONCLAB_UNITY_BUILD "Compile conclab's own code (not the labs') in batches" ON)

function(conclab_compile_together target batch)
  if(CONCLAB_UNITY_BUILD)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${batch})
    # GCC takes every batched file for a header, and warns when a class there has a member of a
    # type from the file's anonymous namespace: true of a header, not of a batched source file.
    target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU>:-Wno-subobject-linkage>)
  endif()
endfunction()
