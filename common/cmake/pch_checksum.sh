#!/bin/sh
# Compiler launcher for the precompiled-header holders: runs the compile it is given and, when
# that compile wrote a precompiled header (-o NAME.gch), writes NAME.gch.sum beside it.
#
# ccache hashes a precompiled header's whole contents (about 100 MB) for every compile that uses
# it, which cost about 0.6 s per compile, a third of a small file's compile on a miss and the
# whole of a hit. With CCACHE_PCH_EXTSUM=1 it hashes the small .sum instead. The .sum is deleted
# before the compile and written only after it succeeds, so a stale one can never describe a new
# header: without a .sum, ccache falls back to hashing the header itself.
gch=""
previous=""
for arg in "$@"; do
  if [ "$previous" = "-o" ]; then
    case "$arg" in *.gch) gch=$arg ;; esac
  fi
  previous=$arg
done
if [ -z "$gch" ]; then
  exec "$@"
fi
rm -f "$gch.sum"
"$@" || exit $?
sum=$(sha256sum < "$gch") || exit $?
printf '%s\n' "$sum" > "$gch.sum.tmp" && mv "$gch.sum.tmp" "$gch.sum"
