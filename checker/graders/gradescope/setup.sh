#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu): a Rust
# toolchain, the checker from the course's source in this zip (course/), and one warm-up
# grade, so that the dependencies and the checks are compiled once and each submission
# builds only its own crates.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
autograder="${AUTOGRADER:-/autograder}"
# Where the checker keeps its grading workspaces and what it compiled for them.
export XDG_CACHE_HOME="$autograder/cache"
if ! command -v cargo >/dev/null; then
  apt-get update
  apt-get install -y --no-install-recommends ca-certificates curl gcc libc6-dev
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  # shellcheck source=/dev/null
  . "$HOME/.cargo/env"
fi
# A debug build: a submission's crates compile twice as fast as in release, and the checks
# allow for it.
cargo install --locked --debug --path "$here/course/checker" --root "$autograder/checker"
checker="$autograder/checker/bin/checker"
warm_up="$(mktemp -d)"
"$checker" new "$warm_up/starter" >/dev/null
"$checker" grade "$warm_up/starter" --output-dir "$warm_up/results" >/dev/null
rm -rf "$warm_up"
