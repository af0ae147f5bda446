#include "conclab/grading/submission.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <memory>
#include <sstream>

#include "conclab/grading/errors.hpp"
#include "conclab/grading/subprocess.hpp"
#include "conclab/grading/text.hpp"

namespace conclab::grading {

namespace {

namespace fs = std::filesystem;

/// Folders of a clone that never hold a student's answer (and may be huge).
bool is_skipped_folder(const fs::path& dir) {
  static const std::array<std::string_view, 6> kSkipped = {".git",         "build",    "solutions",
                                                           "node_modules", "__MACOSX", ".cache"};
  const std::string name = dir.filename().string();
  return std::find(kSkipped.begin(), kSkipped.end(), name) != kSkipped.end();
}

bool has_suffix(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.ends_with(suffix);
}

enum class InputKind { folder, zip, tar_gz };

InputKind kind_of(const fs::path& input) {
  if (fs::is_directory(input)) {
    return InputKind::folder;
  }
  const std::string name = input.filename().string();
  if (has_suffix(name, ".zip")) {
    return InputKind::zip;
  }
  if (has_suffix(name, ".tar.gz") || has_suffix(name, ".tgz")) {
    return InputKind::tar_gz;
  }
  throw UserError(input.string() + " is neither a folder, a .zip nor a .tar.gz");
}

/// Unpacks an archive into `into` with the system's unzip or tar, under a time limit. Both
/// refuse member names that climb out with "..".
void unpack(const fs::path& archive, InputKind kind, const fs::path& into) {
  fs::create_directories(into);
  RunOptions options;
  options.timeout = std::chrono::seconds(60);
  options.output_cap = 64 * 1024;
  if (kind == InputKind::zip) {
    options.argv = {"unzip", "-q", "-o", archive.string(), "-d", into.string()};
  } else {
    options.argv = {"tar",
                    "-xzf",
                    archive.string(),
                    "-C",
                    into.string(),
                    "--no-same-owner",
                    "--no-same-permissions"};
  }
  const RunResult result = run_tool(options);
  if (!result.succeeded()) {
    throw UserError("cannot unpack " + archive.string() + " (" + options.argv.front() + " " +
                    describe_exit(result) + "): " + result.output.substr(0, 400));
  }
}

/// Every regular file under `root` named like a student file, by name.
std::multimap<std::string, fs::path> candidate_files(const fs::path& root,
                                                     const std::vector<const Lab*>& labs) {
  std::vector<std::string> names;
  for (const Lab* lab : labs) {
    names.insert(names.end(), lab->student_files.begin(), lab->student_files.end());
  }
  std::multimap<std::string, fs::path> found;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied);
  for (; it != fs::recursive_directory_iterator(); ++it) {
    const fs::file_status status = it->symlink_status();
    if (fs::is_directory(status) && is_skipped_folder(it->path())) {
      it.disable_recursion_pending();
      continue;
    }
    const std::string name = it->path().filename().string();
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      found.emplace(name, it->path());
    }
  }
  return found;
}

/// The one file `name` of `lab` among the candidates: labs/LAB/NAME when there is one,
/// otherwise the only one, otherwise the shortest path (with a note).
const fs::path* choose_file(const Lab& lab, const std::string& name,
                            const std::multimap<std::string, fs::path>& candidates,
                            std::vector<std::string>& notes) {
  const auto [first, last] = candidates.equal_range(name);
  const fs::path* chosen = nullptr;
  std::size_t count = 0;
  for (auto it = first; it != last; ++it, ++count) {
    const fs::path& path = it->second;
    if (path.parent_path().filename() == lab.dir_name &&
        path.parent_path().parent_path().filename() == "labs") {
      return &path;
    }
    if (chosen == nullptr || path.string().size() < chosen->string().size()) {
      chosen = &path;
    }
  }
  if (count > 1) {
    notes.push_back(std::to_string(count) + " files are named " + name + "; graded " +
                    chosen->string());
  }
  return chosen;
}

/// The lab's files found under `root`; a symbolic link or an oversized file counts as missing.
LabSubmission pick_lab_files(const Lab& lab, const fs::path& root,
                             const std::multimap<std::string, fs::path>& candidates) {
  LabSubmission picked;
  picked.lab = &lab;
  for (const std::string& name : lab.student_files) {
    const fs::path* file = choose_file(lab, name, candidates, picked.notes);
    if (file == nullptr) {
      picked.missing.push_back(name);
      continue;
    }
    const fs::file_status status = fs::symlink_status(*file);
    if (!fs::is_regular_file(status) || fs::file_size(*file) > kMaxStudentFileBytes) {
      picked.notes.push_back(fs::relative(*file, root).string() +
                             " is not a regular file under 1 MiB: not taken");
      picked.missing.push_back(name);
      continue;
    }
    picked.files.emplace(name, read_file(*file));
  }
  return picked;
}

/// True when some file of `picked` differs from the lab's own (stub) file.
bool changes_stubs(const LabSubmission& picked) {
  return std::any_of(picked.files.begin(), picked.files.end(), [&](const auto& entry) {
    return read_file(picked.lab->dir / entry.first) != entry.second;
  });
}

/// Without `wanted`: the labs the submission changed, or (when it changed none) those whose
/// files it holds at all.
std::vector<LabSubmission> choose_labs(std::vector<LabSubmission> all, bool explicitly_wanted) {
  if (explicitly_wanted) {
    return all;
  }
  std::erase_if(all, [](const LabSubmission& lab) { return lab.files.empty(); });
  std::vector<LabSubmission> changed;
  std::copy_if(all.begin(), all.end(), std::back_inserter(changed), changes_stubs);
  return changed.empty() ? all : changed;
}

std::string hash_of(const std::vector<LabSubmission>& labs) {
  std::string material;
  for (const LabSubmission& lab : labs) {
    for (const auto& [name, text] : lab.files) {
      material += lab.lab->id + '/' + name + '\0' + std::to_string(text.size()) + '\0' + text;
    }
  }
  return sha256_hex(material);
}

}  // namespace

std::string submission_name(const fs::path& input) {
  fs::path path = input;
  if (path.filename().empty()) {
    path = path.parent_path();  // "alice/"
  }
  std::string name = path.filename().string();
  for (const std::string_view suffix : {".tar.gz", ".tgz", ".zip"}) {
    if (!fs::is_directory(path) && has_suffix(name, suffix)) {
      name.erase(name.size() - suffix.size());  // drops the suffix
      break;
    }
  }
  return name == "." || name.empty() ? fs::absolute(path).lexically_normal().filename().string()
                                     : name;
}

Submission fetch_submission(const fs::path& input, const LabCatalog& catalog,
                            const std::vector<const Lab*>& wanted, const fs::path& scratch) {
  if (!fs::exists(input)) {
    throw UserError("no submission at " + input.string());
  }
  Submission submission;
  submission.name = submission_name(input);
  fs::path root = input;
  if (const InputKind kind = kind_of(input); kind != InputKind::folder) {
    root = scratch / "unpacked";
    fs::remove_all(root);
    unpack(input, kind, root);
  }
  std::vector<const Lab*> labs = wanted;
  if (labs.empty()) {
    for (const Lab& lab : catalog.labs()) {
      labs.push_back(&lab);
    }
  }
  const auto candidates = candidate_files(root, labs);
  std::vector<LabSubmission> picked;
  for (const Lab* lab : labs) {
    picked.push_back(pick_lab_files(*lab, root, candidates));
  }
  submission.labs = choose_labs(std::move(picked), !wanted.empty());
  if (submission.labs.empty()) {
    submission.problems.push_back(
        "no student file of any lab was found in the submission (looked for the files each "
        "lab.json lists, e.g. " +
        catalog.labs().front().student_files.front() + ")");
  }
  submission.content_hash = hash_of(submission.labs);
  return submission;
}

std::string sha256_hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4U];
    hex += kHex[digest[i] & 0xFU];
  }
  return hex;
}

}  // namespace conclab::grading
