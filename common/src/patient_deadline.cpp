#include "conclab/patient_deadline.hpp"

#include <unistd.h>

#include <algorithm>
#include <utility>

namespace conclab {
namespace {

/// The window over which work is judged: a fifth of the budget, between 20 ms and 1 s.
std::chrono::milliseconds window_for(std::chrono::milliseconds budget) {
  using std::chrono::milliseconds;
  return std::clamp(budget / 5, milliseconds(20), milliseconds(1000));
}

}  // namespace

PatientDeadline::PatientDeadline(std::chrono::milliseconds budget, Probe probe,
                                 Clock::time_point start)
    : budget_(budget),
      probe_(std::move(probe)),
      start_(start),
      limit_(start + kPatience * budget),
      window_(window_for(budget)),
      next_check_(start + budget - window_) {}

bool PatientDeadline::check() {
  ActivitySample sample = probe_();
  const Clock::time_point now = Clock::now();
  if (!previous_) {  // the first look, one window before the budget ends: nothing to compare
    previous_ = std::move(sample);
    previous_at_ = now;
    next_check_ = std::max(start_ + budget_, now + window_);
    return true;
  }
  working_ = shows_work(activity_between(*previous_, sample), now - previous_at_);
  previous_ = std::move(sample);
  previous_at_ = now;
  if (working_ && now < limit_) {
    stretched_ = true;
    next_check_ = std::min(now + window_, limit_);
    return true;
  }
  return false;
}

std::chrono::milliseconds PatientDeadline::elapsed() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start_);
}

ActivitySample activity_of_others() {
  ActivitySample sample = sample_activity(::getpid(), true);
  sample.erase(static_cast<int>(::gettid()));
  return sample;
}

}  // namespace conclab
