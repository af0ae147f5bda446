#include "conclab/grading/gradebook.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <string_view>

#include "conclab/grading/grade_report.hpp"

namespace conclab::grading {

namespace {

/// Scores are sums of doubles: closer than this to the maximum counts as the maximum.
constexpr double kTolerance = 1e-9;

/// A lab as the class's columns see it: its id, its title and the kinds any grade showed.
struct LabColumns {
  std::string id;
  std::string title;
  std::vector<std::string> kinds;
};

/// Every lab of any grade, by id, with its kinds in the rubric's order (the order the first
/// grade to show a kind has them in).
std::vector<LabColumns> lab_columns(const std::vector<Grade>& grades) {
  std::map<std::string, LabColumns> by_id;
  for (const Grade& grade : grades) {
    for (const GradedLab& lab : grade.labs) {
      LabColumns& columns = by_id[lab.id];
      columns.id = lab.id;
      columns.title = columns.title.empty() ? lab.title : columns.title;
      for (const GradedKind& kind : lab.kinds) {
        if (std::find(columns.kinds.begin(), columns.kinds.end(), kind.kind) ==
            columns.kinds.end()) {
          columns.kinds.push_back(kind.kind);
        }
      }
    }
  }
  std::vector<LabColumns> labs;
  for (auto& [id, columns] : by_id) {
    labs.push_back(std::move(columns));
  }
  return labs;
}

const GradedLab* find_lab(const Grade& grade, std::string_view id) {
  const auto found = std::find_if(grade.labs.begin(), grade.labs.end(),
                                  [&](const GradedLab& lab) { return lab.id == id; });
  return found == grade.labs.end() ? nullptr : &*found;
}

const GradedKind* find_kind(const GradedLab& lab, std::string_view kind_name) {
  const auto found = std::find_if(lab.kinds.begin(), lab.kinds.end(),
                                  [&](const GradedKind& kind) { return kind.kind == kind_name; });
  return found == lab.kinds.end() ? nullptr : &*found;
}

std::vector<const Grade*> sorted_by_submission(const std::vector<Grade>& grades) {
  std::vector<const Grade*> sorted;
  for (const Grade& grade : grades) {
    sorted.push_back(&grade);
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Grade* a, const Grade* b) { return a->submission < b->submission; });
  return sorted;
}

bool lost_points(double score, double max_score) {
  return score < max_score - kTolerance;
}

// ---------------------------------------------------------------------------------------------
// CSV.

/// `text` as a CSV field: defused if a spreadsheet would run it as a formula, then quoted if
/// it must be.
std::string csv_text(std::string_view text) {
  std::string field(text);
  if (!field.empty() && std::string_view("=+-@\t\r").find(field.front()) != std::string::npos) {
    field.insert(0, 1, '\'');
  }
  if (field.find_first_of(",\"\r\n") == std::string::npos) {
    return field;
  }
  std::string quoted = "\"";
  for (const char c : field) {
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return quoted + "\"";
}

std::string csv_number(double number) {
  return format_number(number);
}

std::string csv_row(const std::vector<std::string>& cells) {
  std::string row;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    row += (i == 0 ? "" : ",") + cells[i];
  }
  return row + "\r\n";
}

std::vector<std::string> csv_header(const std::vector<LabColumns>& labs) {
  std::vector<std::string> header{"submission", "total", "max"};
  for (const LabColumns& lab : labs) {
    header.push_back(csv_text("lab" + lab.id));
    header.push_back(csv_text("lab" + lab.id + "_max"));
  }
  for (const LabColumns& lab : labs) {
    for (const std::string& kind : lab.kinds) {
      header.push_back(csv_text("lab" + lab.id + "_" + kind));
    }
  }
  header.insert(header.end(), {"content_hash", "graded_at", "provisional", "flagged"});
  return header;
}

std::string csv_kind_cell(const GradedLab* lab, std::string_view kind_name) {
  const GradedKind* kind = lab == nullptr ? nullptr : find_kind(*lab, kind_name);
  if (kind == nullptr) {
    return {};
  }
  return kind->ungraded ? "ungraded" : csv_number(kind->score);
}

std::vector<std::string> csv_grade_row(const Grade& grade, const std::vector<LabColumns>& labs) {
  std::vector<std::string> row{csv_text(grade.submission), csv_number(grade.score),
                               csv_number(grade.max_score)};
  for (const LabColumns& columns : labs) {
    const GradedLab* lab = find_lab(grade, columns.id);
    row.push_back(lab == nullptr ? "" : csv_number(lab->score));
    row.push_back(lab == nullptr ? "" : csv_number(lab->max_score));
  }
  for (const LabColumns& columns : labs) {
    const GradedLab* lab = find_lab(grade, columns.id);
    for (const std::string& kind : columns.kinds) {
      row.push_back(csv_kind_cell(lab, kind));
    }
  }
  row.push_back(csv_text(grade.content_hash));
  row.push_back(csv_text(grade.graded_at));
  row.emplace_back(grade.provisional() ? "yes" : "no");
  row.emplace_back(grade.flagged() ? "yes" : "no");
  return row;
}

// ---------------------------------------------------------------------------------------------
// HTML summary.

/// Mean, median, lowest and highest of some scores.
struct Statistics {
  double mean = 0.0;
  double median = 0.0;
  double min = 0.0;
  double max = 0.0;
};

std::optional<Statistics> statistics_of(std::vector<double> values) {
  if (values.empty()) {
    return std::nullopt;
  }
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  Statistics statistics;
  statistics.mean =
      std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  statistics.median =
      values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
  statistics.min = values.front();
  statistics.max = values.back();
  return statistics;
}

std::string percent_text(double percent) {
  return format_number(percent) + " %";
}

/// Every byte but the unreserved characters of RFC 3986 as %XX.
std::string url_encode(std::string_view text) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string encoded;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = std::isalnum(byte) != 0 && byte < 0x80U;
    if (unreserved || c == '-' || c == '.' || c == '_' || c == '~') {
      encoded += c;
    } else {
      encoded += '%';
      encoded += kHex[byte >> 4U];
      encoded += kHex[byte & 0x0FU];
    }
  }
  return encoded;
}

std::string html_cell(std::string_view text, bool number = false) {
  return std::string(number ? "<td class=\"number\">" : "<td>") + escape_xml(text) + "</td>";
}

std::string html_totals(const std::vector<Grade>& grades) {
  std::vector<double> totals;
  double most = 0.0;
  for (const Grade& grade : grades) {
    totals.push_back(grade.score);
    most = std::max(most, grade.max_score);
  }
  const std::optional<Statistics> statistics = statistics_of(totals);
  if (!statistics) {
    return "<p>No submissions.</p>\n";
  }
  return "<h2>Totals (out of " + escape_xml(format_number(most)) + ")</h2>\n<table>\n" +
         "<tr><th>Mean</th><th>Median</th><th>Lowest</th><th>Highest</th></tr>\n<tr>" +
         html_cell(format_number(statistics->mean), true) +
         html_cell(format_number(statistics->median), true) +
         html_cell(format_number(statistics->min), true) +
         html_cell(format_number(statistics->max), true) + "</tr>\n</table>\n";
}

constexpr std::size_t kBuckets = 10;

/// The bucket of a score: 0 for [0 %, 10 %), ..., 9 for [90 %, 100 %].
std::size_t bucket_of(double score, double max_score) {
  const double tenths = std::floor(score * static_cast<double>(kBuckets) / max_score + 1e-9);
  return static_cast<std::size_t>(std::clamp(tenths, 0.0, static_cast<double>(kBuckets - 1)));
}

std::string html_histogram(const std::vector<Grade>& grades, const std::string& lab_id) {
  std::array<std::size_t, kBuckets> counts{};
  for (const Grade& grade : grades) {
    const GradedLab* lab = find_lab(grade, lab_id);
    if (lab != nullptr && lab->max_score > 0.0) {
      ++counts.at(bucket_of(lab->score, lab->max_score));
    }
  }
  const std::size_t tallest =
      std::max<std::size_t>(1, *std::max_element(counts.begin(), counts.end()));
  std::string html =
      "<table>\n<tr><th>Score</th><th class=\"bar-cell\"></th><th>Submissions</th></tr>\n";
  for (std::size_t i = 0; i < kBuckets; ++i) {
    const double width = 100.0 * static_cast<double>(counts.at(i)) / static_cast<double>(tallest);
    const std::string range = std::to_string(i * 10) + "–" + std::to_string(i * 10 + 10) + " %";
    html += "<tr>" + html_cell(range) +
            "<td class=\"bar-cell\"><div class=\"bar\" style=\"width: " + format_number(width) +
            "%\"></div></td>" + html_cell(std::to_string(counts.at(i)), true) + "</tr>\n";
  }
  return html + "</table>\n";
}

/// How the class did on one kind of one lab.
struct KindSummary {
  std::vector<double> percents;  // per submission where it was measured
  std::size_t lost = 0;          // submissions that lost points there
  std::size_t unmeasured = 0;    // submissions where it could not be measured
};

KindSummary summarize_kind(const std::vector<Grade>& grades, const std::string& lab_id,
                           const std::string& kind_name) {
  KindSummary summary;
  for (const Grade& grade : grades) {
    const GradedLab* lab = find_lab(grade, lab_id);
    const GradedKind* kind = lab == nullptr ? nullptr : find_kind(*lab, kind_name);
    if (kind == nullptr) {
      continue;
    }
    if (kind->ungraded || kind->max_score <= 0.0) {
      ++summary.unmeasured;
      continue;
    }
    summary.percents.push_back(100.0 * kind->score / kind->max_score);
    if (lost_points(kind->score, kind->max_score)) {
      ++summary.lost;
    }
  }
  return summary;
}

std::string html_kind_row(const std::string& kind_name, const KindSummary& summary) {
  const std::optional<Statistics> statistics = statistics_of(summary.percents);
  const std::string mean = statistics ? percent_text(statistics->mean) : "–";
  return "<tr>" + html_cell(kind_name) + html_cell(mean, true) +
         html_cell(std::to_string(summary.lost) + " of " + std::to_string(summary.percents.size()),
                   true) +
         html_cell(std::to_string(summary.unmeasured), true) + "</tr>\n";
}

std::string html_lab(const std::vector<Grade>& grades, const LabColumns& lab) {
  std::string html = "<section>\n<h2>" + escape_xml("lab " + lab.id + " · " + lab.title) +
                     "</h2>\n<h3>Score distribution</h3>\n" + html_histogram(grades, lab.id) +
                     "<h3>By kind of test</h3>\n<table>\n<tr><th>Kind</th><th>Mean earned</th>"
                     "<th>Lost points</th><th>Not measured</th></tr>\n";
  for (const std::string& kind : lab.kinds) {
    html += html_kind_row(kind, summarize_kind(grades, lab.id, kind));
  }
  return html + "</table>\n</section>\n";
}

/// "yes", marked, for a provisional grade (Grade::provisional); "" otherwise.
std::string html_provisional_cell(const Grade& grade) {
  return grade.provisional() ? "<td class=\"ungraded\">yes</td>" : "<td></td>";
}

/// "yes", marked, for a grade with lines flagged for the instructor (Grade::flagged).
std::string html_flagged_cell(const Grade& grade) {
  return grade.flagged() ? "<td class=\"fail\">yes</td>" : "<td></td>";
}

std::string html_student_row(const Grade& grade) {
  const std::string link = url_encode(grade.submission) + "/grade.html";
  const std::string share =
      grade.max_score > 0.0 ? percent_text(100.0 * grade.score / grade.max_score) : "–";
  return "<tr><td><a href=\"" + escape_xml(link) + "\">" + escape_xml(grade.submission) +
         "</a></td>" + html_cell(format_points(grade.score), true) +
         html_cell(format_number(grade.max_score), true) + html_cell(share, true) +
         html_provisional_cell(grade) + html_flagged_cell(grade) + "</tr>\n";
}

std::string html_students(const std::vector<Grade>& grades) {
  std::string html =
      "<h2>Submissions</h2>\n<table>\n<tr><th>Submission</th><th>Total</th><th>Max</th>"
      "<th>Share</th><th>Provisional</th><th>Flagged</th></tr>\n";
  for (const Grade* grade : sorted_by_submission(grades)) {
    html += html_student_row(*grade);
  }
  return html + "</table>\n";
}

}  // namespace

std::string gradebook_csv(const std::vector<Grade>& grades) {
  const std::vector<LabColumns> labs = lab_columns(grades);
  std::string csv = csv_row(csv_header(labs));
  for (const Grade* grade : sorted_by_submission(grades)) {
    csv += csv_row(csv_grade_row(*grade, labs));
  }
  return csv;
}

std::string class_summary_html(const std::vector<Grade>& grades) {
  const auto provisional = static_cast<std::size_t>(std::count_if(
      grades.begin(), grades.end(), [](const Grade& grade) { return grade.provisional(); }));
  std::string body = "<h1>Class summary</h1>\n<p>" + std::to_string(grades.size()) +
                     (grades.size() == 1 ? " submission" : " submissions") + "</p>\n";
  if (provisional > 0) {
    body += "<p class=\"provisional\"><strong>Provisional:</strong> " +
            std::to_string(provisional) + " of them could not be measured in full on the grading " +
            "machine (see the Provisional column); re-grade them on a quiet machine.</p>\n";
  }
  body += html_totals(grades);
  for (const LabColumns& lab : lab_columns(grades)) {
    body += html_lab(grades, lab);
  }
  return html_page("conclab class summary", body + html_students(grades));
}

}  // namespace conclab::grading
