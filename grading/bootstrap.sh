#!/usr/bin/env bash
# Makes this machine ready for conclab, doing only what is not done yet: installs the missing
# Debian packages, configures the build of a CMake preset, and builds the conclab command.
# A second run finds everything done and changes nothing.
#   grading/bootstrap.sh [--slurm] [PRESET]   (PRESET: default, tsan, asan or release; default:
#                                              default)
# --slurm also installs Slurm and munge, for `grade-class --slurm` and its one-node test; no
# student needs them, so they are not installed otherwise.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
with_slurm=false
if [ "${1:-}" = "--slurm" ]; then
  with_slurm=true
  shift
fi
preset=${1:-default}

# Everything conclab builds with, by Debian package name (bookworm).
packages=(
  cmake ninja-build g++ ccache lld git patch zip unzip libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev doctest-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev libcpp-httplib-dev pkgconf
  libtbb-dev libconcurrentqueue-dev libhwy-dev openmpi-bin libopenmpi-dev
  doxygen graphviz elfutils gdb clang-format
)
if $with_slurm; then
  packages+=(slurm-wlm munge)  # grade-class --slurm, and grading/tests/slurm_end_to_end.sh
fi

say() { echo "conclab: $*" >&2; }

missing_packages() {
  if ! command -v dpkg-query > /dev/null; then
    say "this is not a Debian-like system (no dpkg-query); install by hand: ${packages[*]}"
    exit 2
  fi
  local installed
  # dpkg-query fails when any package is unknown to it: that is the case we are looking for.
  installed=$(dpkg-query -W -f='${db:Status-Status} ${Package}\n' "${packages[@]}" 2> /dev/null |
    awk '$1 == "installed" { print $2 }' || true)
  for package in "${packages[@]}"; do
    grep -qxF "$package" <<< "$installed" || echo "$package"
  done
}

install_packages() {
  local missing=("$@")
  local apt=(apt-get)
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo > /dev/null && sudo -n true 2> /dev/null; then
      apt=(sudo apt-get)
    else
      say "these Debian packages are missing: ${missing[*]}"
      say "install them with this one command, then run conclab again:"
      echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
      exit 2
    fi
  fi
  say "installing ${missing[*]}"
  "${apt[@]}" update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends \
    "${missing[@]}" > /dev/null
}

mapfile -t missing < <(missing_packages)
if [ ${#missing[@]} -gt 0 ]; then
  install_packages "${missing[@]}"
fi

cd "$root"
if [ ! -f "build/$preset/CMakeCache.txt" ]; then
  say "configuring the '$preset' build (first use only)"
  cmake --preset "$preset" > "build-$preset-configure.log" 2>&1 || {
    cat "build-$preset-configure.log" >&2
    rm -f "build-$preset-configure.log"
    exit 1
  }
  mkdir -p "build/$preset"
  mv "build-$preset-configure.log" "build/$preset/configure.log"
fi
if [ "$preset" = default ]; then
  # Ninja does nothing, quickly, when the command is up to date.
  if ! cmake --build --preset default --target conclab > build/default/conclab-tool-build.log 2>&1; then
    cat build/default/conclab-tool-build.log >&2
    say "could not build the conclab command itself (log: build/default/conclab-tool-build.log)"
    exit 1
  fi
fi
