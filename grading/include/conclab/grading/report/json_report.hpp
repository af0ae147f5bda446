/// @file json_report.hpp
/// @brief conclab's own JSON of a grade (stored results, resumable batches), and reading it
/// back.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "conclab/grading/grade.hpp"

namespace conclab::grading {

/// The grade as conclab's own JSON (`"format": "conclab-grade-1"`), which grade_from_json
/// reads back exactly. Strings are stored as they are: dump with
/// nlohmann::json::error_handler_t::replace if they may hold invalid UTF-8 (render does). The
/// grade and each lab carry `"provisional"` (Grade::provisional, GradedLab::provisional) for
/// other programs; it is derived from the kinds, so grade_from_json does not read it.
[[nodiscard]] nlohmann::json to_json(const Grade& grade);

/// The grade that to_json wrote. Throws std::runtime_error naming the offending field when
/// `json` is not a conclab-grade-1 document (another format, a missing field, a wrong type,
/// an unknown status). Documents written before `"provisional"` existed read the same.
[[nodiscard]] Grade grade_from_json(const nlohmann::json& json);

}  // namespace conclab::grading
