// What a GoogleTest run under AddressSanitizer and UndefinedBehaviorSanitizer (g++ 12) prints:
// a use after free across two threads in one test, a write through a null pointer in another
// (as AddressSanitizer reports it, and as UndefinedBehaviorSanitizer does when it is checked).
#pragma once

#include <string_view>

namespace conclab::grading::testing {

inline constexpr std::string_view kSampleAsanUseAfterFree =
    R"out([==========] Running 1 test from 1 test suite.
[ RUN      ] AsCompleted.FuturesMayFinishAfterTheLoopHasGivenUp
=================================================================
==7848==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc 0x55f0e2acd70d bp 0x7f02e6bfee10 sp 0x7f02e6bfee08
READ of size 4 at 0x602000000010 thread T1
    #0 0x55f0e2acd70c in bump(Box*) /work/main/labs/05-executors-and-futures/completion_queue.cpp:4
    #1 0x55f0e2acd70c in operator() /work/main/labs/05-executors-and-futures/completion_queue.cpp:9
    #2 0x55f0e2acd70c in __invoke_impl<void, main()::<lambda()> > /usr/include/c++/12/bits/invoke.h:61
    #3 0x55f0e2acd70c in __invoke<main()::<lambda()> > /usr/include/c++/12/bits/invoke.h:96
    #4 0x55f0e2acd70c in _M_invoke<0> /usr/include/c++/12/bits/std_thread.h:252
    #5 0x55f0e2acd70c in operator() /usr/include/c++/12/bits/std_thread.h:259
    #6 0x55f0e2acd70c in _M_run /usr/include/c++/12/bits/std_thread.h:210
    #7 0x7f02e8cd44a2  (/lib/x86_64-linux-gnu/libstdc++.so.6+0xd44a2)
    #8 0x7f02e82a71f4 in start_thread nptl/pthread_create.c:442
    #9 0x7f02e83278eb in clone3 ../sysdeps/unix/sysv/linux/x86_64/clone3.S:81

0x602000000010 is located 0 bytes inside of 4-byte region [0x602000000010,0x602000000014)
freed by thread T0 here:
    #0 0x7f02e90ba3c8 in operator delete(void*, unsigned long) ../../../../src/libsanitizer/asan/asan_new_delete.cpp:164
    #1 0x55f0e2acd8ac in main /work/main/labs/05-executors-and-futures/completion_queue.cpp:8
    #2 0x7f02e8245249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58

previously allocated by thread T0 here:
    #0 0x7f02e90b94c8 in operator new(unsigned long) ../../../../src/libsanitizer/asan/asan_new_delete.cpp:95
    #1 0x55f0e2acd870 in main /work/main/labs/05-executors-and-futures/completion_queue.cpp:7
    #2 0x7f02e8245249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58

Thread T1 created by T0 here:
    #0 0x7f02e9049726 in __interceptor_pthread_create ../../../../src/libsanitizer/asan/asan_interceptors.cpp:207
    #1 0x7f02e8cd4578 in std::thread::_M_start_thread(std::unique_ptr<std::thread::_State, std::default_delete<std::thread::_State> >, void (*)()) (/lib/x86_64-linux-gnu/libstdc++.so.6+0xd4578)
    #2 0x7f02e8245249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58

SUMMARY: AddressSanitizer: heap-use-after-free /work/main/labs/05-executors-and-futures/completion_queue.cpp:4 in bump(Box*)
Shadow bytes around the buggy address:
  0x0c047fff7fb0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
==7848==ABORTING
)out";

inline constexpr std::string_view kSampleAsanSegv = R"out([ RUN      ] Counters.MutexCountIsExact
AddressSanitizer:DEADLYSIGNAL
=================================================================
==7850==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000000 (pc 0x562c0795d239 bp 0x7ffe4f5ebe80 sp 0x7ffe4f5ebe70 T0)
==7850==The signal is caused by a WRITE memory access.
==7850==Hint: address points to the zero page.
    #0 0x562c0795d239 in count(int*) /work/main/labs/01-threads-and-locks/counters.cpp:3
    #1 0x562c0795d239 in main /work/main/labs/01-threads-and-locks/counters.cpp:4
    #2 0x7fb495a45249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58
    #3 0x7fb495a45304 in __libc_start_main_impl ../csu/libc-start.c:360
    #4 0x562c0795d0d0 in _start (/work/main/build/asan/lab01_correctness_tests+0x10d0)

AddressSanitizer can not provide additional info.
SUMMARY: AddressSanitizer: SEGV /work/main/labs/01-threads-and-locks/counters.cpp:3 in count(int*)
==7850==ABORTING
)out";

// As the grader's asan tree prints it: ccache compiles with paths relative to the build tree,
// and the student's file is a grader slot's copy.
inline constexpr std::string_view kSampleUbsanNullStore =
    R"out([ RUN      ] Counters.MutexCountsEveryHit
grade/01-threads-and-locks/slot0/src/counters.cpp:12:12: runtime error: store to null pointer of type 'volatile long int'
    #0 0x557dc4bcb635 in lab01::count_hits_with_mutex(std::span<int const, 18446744073709551615ul>, unsigned long) grade/01-threads-and-locks/slot0/src/counters.cpp:12
    #1 0x557dc4baa10d in TestBody ../../labs/01-threads-and-locks/tests/correctness_test.cpp:104
    #2 0x557dc4cc33b6 in void testing::internal::HandleExceptionsInMethodIfSupported<testing::Test, void>(testing::Test*, void (testing::Test::*)(), char const*) (/work/main/build/asan/labs/01-threads-and-locks/slot0/correctness_test+0x2843b6)
    #3 0x557dc4cb0a8d in testing::Test::Run() (/work/main/build/asan/labs/01-threads-and-locks/slot0/correctness_test+0x271a8d)
    #4 0x7ff0ae245249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58
SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior grade/01-threads-and-locks/slot0/src/counters.cpp:12:12 in
)out";

}  // namespace conclab::grading::testing
