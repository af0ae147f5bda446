// GIVEN (not your task): group keys and how tables print.
#include "group_by.hpp"

namespace lab11 {

std::string group_key(const CaseRecord& record, GroupBy by) {
  if (by == GroupBy::kAgeGroupAndOutcome) {
    return record.age_group + "|" + record.outcome;
  }
  // 1970-01-01 was a Thursday: three days after a Monday. Floor the difference, not truncate.
  const std::int32_t since_monday = ((record.reported_day + 3) % 7 + 7) % 7;
  return format_day(record.reported_day - since_monday);
}

std::ostream& operator<<(std::ostream& out, GroupBy by) {
  return out << (by == GroupBy::kAgeGroupAndOutcome ? "age group x outcome" : "reported week");
}

std::ostream& operator<<(std::ostream& out, const GroupRow& row) {
  return out << row.key << ": count " << row.count << ", sum " << row.sum << ", min " << row.min
             << ", max " << row.max;
}

}  // namespace lab11
