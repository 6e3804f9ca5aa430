#!/usr/bin/env bash
# Makes the zip a teacher uploads to Gradescope ("Zip file upload" of an autograder):
# setup.sh and run_autograder at its root, and this repository as committed (HEAD) in
# course/, from which setup.sh installs the checker, and the teacher's grading policy, when
# given, as grading.json (see `checker grade --help`, --grading), which run_autograder passes
# to the checker. Usage: make_autograder.sh [ZIP] [GRADING.json]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repository="$(git -C "$here" rev-parse --show-toplevel)"
zip_file="$(realpath -m "${1:-autograder.zip}")"
grading="${2:-}"
work="$(mktemp -d)"
cp "$here/setup.sh" "$here/run_autograder" "$work/"
files=(setup.sh run_autograder course)
if [ -n "$grading" ]; then
  # Checked before it is shipped: a policy that does not parse would grade nothing.
  python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$grading" \
    || { echo "error: $grading is not JSON" >&2; exit 2; }
  cp "$grading" "$work/grading.json"
  files+=(grading.json)
fi
git -C "$repository" archive --format=tar --prefix=course/ HEAD | tar -x -C "$work"
rm -f "$zip_file"
(cd "$work" && python3 -m zipfile -c "$zip_file" "${files[@]}")
rm -rf "$work"
echo "wrote $zip_file (the course at $(git -C "$repository" rev-parse --short HEAD))"
