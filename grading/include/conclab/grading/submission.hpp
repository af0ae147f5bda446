/// @file submission.hpp
/// @brief The fetch stage of grading: unpacking a submission and picking out the student files
/// of each lab, and nothing else.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "conclab/grading/lab_catalog.hpp"

namespace conclab::grading {

/// The largest student file taken from a submission; a bigger one is treated as missing.
inline constexpr std::uintmax_t kMaxStudentFileBytes = std::uintmax_t{1} << 20U;

/// One lab's student files, as found in a submission.
struct LabSubmission {
  /// The lab (owned by the catalog).
  const Lab* lab = nullptr;
  /// Each student file found: its name in lab.json → its text.
  std::map<std::string, std::string> files;
  /// Student files the submission lacks (the untouched stub stands in for each).
  std::vector<std::string> missing;
  /// Why a file was passed over or chosen among several (for the report).
  std::vector<std::string> notes;
};

/// A submission, unpacked and sorted into labs.
struct Submission {
  /// A name for it: the folder or archive name without its extension.
  std::string name;
  /// The labs to grade, in catalog order.
  std::vector<LabSubmission> labs;
  /// SHA-256 (hex) of the lab ids, file names and contents taken: equal hashes, equal grades.
  std::string content_hash;
  /// Problems with the submission as a whole, for a person.
  std::vector<std::string> problems;
};

/// "alice" for "class/alice.tar.gz", "class/alice.zip" or "class/alice/".
[[nodiscard]] std::string submission_name(const std::filesystem::path& input);

/// Unpacks `input` (a folder, a .zip, or a .tar.gz/.tgz) into `scratch` when it is an archive
/// and picks out the student files of `wanted` labs (every lab whose files it holds and
/// changed, when `wanted` is empty). A student file is found at labs/LAB/FILE (a clone) or
/// anywhere by its name (a flat upload); symbolic links and files over kMaxStudentFileBytes are
/// never taken. Throws UserError when `input` does not exist or cannot be unpacked.
[[nodiscard]] Submission fetch_submission(const std::filesystem::path& input,
                                          const LabCatalog& catalog,
                                          const std::vector<const Lab*>& wanted,
                                          const std::filesystem::path& scratch);

/// SHA-256 of `text`, as 64 lowercase hex digits.
[[nodiscard]] std::string sha256_hex(std::string_view text);

}  // namespace conclab::grading
