# conclab_warnings(TARGET): the warnings every target of the project builds with, as errors.
function(conclab_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Werror
    -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wconversion -Wsign-conversion -Wnull-dereference -Wdouble-promotion -Wformat=2
    -Wimplicit-fallthrough
    # g++ 12 at -O2/-O3 reports impossible overlaps inside libstdc++'s own std::string code
    # (GCC bug 105329): a false positive in a system header we cannot change.
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
endfunction()
