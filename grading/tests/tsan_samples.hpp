// What a GoogleTest run under ThreadSanitizer (g++ 12) prints: a data race in one test and a
// lock-order inversion in another.
#pragma once

#include <string_view>

namespace conclab::grading::testing {

inline constexpr std::string_view kSampleTsanOutput = R"out([ RUN      ] Counters.MutexCountIsExact
==================
WARNING: ThreadSanitizer: data race (pid=20771)
  Read of size 8 at 0x555555558148 by thread T2:
    #0 bump() /work/main/labs/01-threads-and-locks/counters.cpp:5 (race+0x125f)
    #1 void std::__invoke_impl<void, void (*)()>(std::__invoke_other, void (*&&)()) /usr/include/c++/12/bits/invoke.h:61 (race+0x1459)
    #2 std::__invoke_result<void (*)()>::type std::__invoke<void (*)()>(void (*&&)()) /usr/include/c++/12/bits/invoke.h:96 (race+0x1459)
    #3 void std::thread::_Invoker<std::tuple<void (*)()> >::_M_invoke<0ul>(std::_Index_tuple<0ul>) /usr/include/c++/12/bits/std_thread.h:252 (race+0x1459)
    #4 std::thread::_Invoker<std::tuple<void (*)()> >::operator()() /usr/include/c++/12/bits/std_thread.h:259 (race+0x1459)
    #5 std::thread::_State_impl<std::thread::_Invoker<std::tuple<void (*)()> > >::_M_run() /usr/include/c++/12/bits/std_thread.h:210 (race+0x1459)
    #6 <null> <null> (libstdc++.so.6+0xd44a2)

  Previous write of size 8 at 0x555555558148 by thread T1:
    #0 bump() /work/main/labs/01-threads-and-locks/counters.cpp:5 (race+0x1289)
    #1 void std::__invoke_impl<void, void (*)()>(std::__invoke_other, void (*&&)()) /usr/include/c++/12/bits/invoke.h:61 (race+0x1459)
    #2 std::__invoke_result<void (*)()>::type std::__invoke<void (*)()>(void (*&&)()) /usr/include/c++/12/bits/invoke.h:96 (race+0x1459)
    #3 void std::thread::_Invoker<std::tuple<void (*)()> >::_M_invoke<0ul>(std::_Index_tuple<0ul>) /usr/include/c++/12/bits/std_thread.h:252 (race+0x1459)
    #4 std::thread::_Invoker<std::tuple<void (*)()> >::operator()() /usr/include/c++/12/bits/std_thread.h:259 (race+0x1459)
    #5 std::thread::_State_impl<std::thread::_Invoker<std::tuple<void (*)()> > >::_M_run() /usr/include/c++/12/bits/std_thread.h:210 (race+0x1459)
    #6 <null> <null> (libstdc++.so.6+0xd44a2)

  Location is global 'counter' of size 8 at 0x555555558148 (race+0x4148)

  Thread T2 (tid=20774, running) created by main thread at:
    #0 pthread_create ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1001 (libtsan.so.2+0x5e686)
    #1 std::thread::_M_start_thread(std::unique_ptr<std::thread::_State, std::default_delete<std::thread::_State> >, void (*)()) <null> (libstdc++.so.6+0xd4578)
    #2 main /work/main/labs/01-threads-and-locks/turn_taker.cpp:9 (race+0x12ea)

  Thread T1 (tid=20773, finished) created by main thread at:
    #0 pthread_create ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1001 (libtsan.so.2+0x5e686)
    #1 std::thread::_M_start_thread(std::unique_ptr<std::thread::_State, std::default_delete<std::thread::_State> >, void (*)()) <null> (libstdc++.so.6+0xd4578)
    #2 main /work/main/labs/01-threads-and-locks/turn_taker.cpp:9 (race+0x12db)

SUMMARY: ThreadSanitizer: data race /work/main/labs/01-threads-and-locks/counters.cpp:5 in bump()
==================
[       OK ] Counters.MutexCountIsExact (3 ms)
[ RUN      ] Order.Inversion
==================
WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock) (pid=20771)
  Cycle in lock order graph: M9 (0x555555558120) => M10 (0x5555555580e0) => M9

  Mutex M10 acquired here while holding mutex M9 in main thread:
    #0 pthread_mutex_lock ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:4324 (libtsan.so.2+0x558e1)
    #1 __gthread_mutex_lock /usr/include/x86_64-linux-gnu/c++/12/bits/gthr-default.h:749 (race+0x150d)
    #2 std::mutex::lock() /usr/include/c++/12/bits/std_mutex.h:100 (race+0x150d)
    #3 std::lock_guard<std::mutex>::lock_guard(std::mutex&) /usr/include/c++/12/bits/std_mutex.h:229 (race+0x1344)
    #4 main /work/main/labs/01-threads-and-locks/turn_taker.cpp:12 (race+0x1344)

  Mutex M9 previously acquired by the same thread here:
    #0 pthread_mutex_lock ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:4324 (libtsan.so.2+0x558e1)
    #1 __gthread_mutex_lock /usr/include/x86_64-linux-gnu/c++/12/bits/gthr-default.h:749 (race+0x150d)
    #2 std::mutex::lock() /usr/include/c++/12/bits/std_mutex.h:100 (race+0x150d)
    #3 std::lock_guard<std::mutex>::lock_guard(std::mutex&) /usr/include/c++/12/bits/std_mutex.h:229 (race+0x1338)
    #4 main /work/main/labs/01-threads-and-locks/turn_taker.cpp:12 (race+0x1338)

  Mutex M9 acquired here while holding mutex M10 in main thread:
    #0 pthread_mutex_lock ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:4324 (libtsan.so.2+0x558e1)
    #1 __gthread_mutex_lock /usr/include/x86_64-linux-gnu/c++/12/bits/gthr-default.h:749 (race+0x150d)
    #2 std::mutex::lock() /usr/include/c++/12/bits/std_mutex.h:100 (race+0x150d)
    #3 std::lock_guard<std::mutex>::lock_guard(std::mutex&) /usr/include/c++/12/bits/std_mutex.h:229 (race+0x1373)
    #4 main /work/main/labs/01-threads-and-locks/turn_taker.cpp:13 (race+0x1373)

  Mutex M10 previously acquired by the same thread here:
    #0 pthread_mutex_lock ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:4324 (libtsan.so.2+0x558e1)
    #1 __gthread_mutex_lock /usr/include/x86_64-linux-gnu/c++/12/bits/gthr-default.h:749 (race+0x150d)
    #2 std::mutex::lock() /usr/include/c++/12/bits/std_mutex.h:100 (race+0x150d)
    #3 std::lock_guard<std::mutex>::lock_guard(std::mutex&) /usr/include/c++/12/bits/std_mutex.h:229 (race+0x1367)
    #4 main /work/main/labs/01-threads-and-locks/turn_taker.cpp:13 (race+0x1367)

SUMMARY: ThreadSanitizer: lock-order-inversion (potential deadlock) /usr/include/x86_64-linux-gnu/c++/12/bits/gthr-default.h:749 in __gthread_mutex_lock
==================
ThreadSanitizer: reported 2 warnings
[       OK ] Order.Inversion (3 ms)
)out";

}  // namespace conclab::grading::testing
