#!/usr/bin/env bash
# Makes the zip a teacher uploads to Gradescope ("Zip file upload" of an autograder):
# setup.sh and run_autograder at its root, and this repository as committed (HEAD) in
# course/, from which setup.sh installs the checker. Usage: make_autograder.sh [ZIP]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repository="$(git -C "$here" rev-parse --show-toplevel)"
zip_file="$(realpath -m "${1:-autograder.zip}")"
work="$(mktemp -d)"
cp "$here/setup.sh" "$here/run_autograder" "$work/"
git -C "$repository" archive --format=tar --prefix=course/ HEAD | tar -x -C "$work"
rm -f "$zip_file"
(cd "$work" && python3 -m zipfile -c "$zip_file" setup.sh run_autograder course)
rm -rf "$work"
echo "wrote $zip_file (the course at $(git -C "$repository" rev-parse --short HEAD))"
