// The deadlocks as the seeds wrote them (and two more), each made certain to happen: the demo
// runs each in a child process, where the watchdog ends it with its report.
#pragma once

namespace lab06::demo {

/// Two threads transfer between two accounts in opposite directions, each locking its `from`
/// account first; a barrier makes sure both hold their first account before either reaches for
/// the second.
void seed_accounts_inverted();

/// Seed 002: on a two-worker pool, task a (wait_on_b) waits for b's future and task b
/// (wait_on_a) for a's.
void seed_futures_wait_on_each_other();

/// Seed 002: on a one-worker pool, a task submits pow(5, 2) to the same pool and waits for it.
void seed_nested_submit();

/// Seed 003 with a slip: three consumers, but only one poison pill, then a join of them all.
void seed_missing_poison_pill();

/// A thread that calls join() on its own std::thread: the library throws instead of hanging.
void seed_thread_joins_itself();

/// A std::jthread destroyed on its own thread: its destructor joins, the join throws, and an
/// exception leaving a destructor ends the program (std::terminate).
void seed_jthread_destroyed_by_itself();

}  // namespace lab06::demo
