#!/usr/bin/env bash
# The guide in docs/: installs mdBook from crates.io when it is missing (or
# another version), builds the book into target/book/, and fails on any
# warning or error of the build. The guide's Rust examples and its
# configuration reference are checked by `cargo test -p openml-front-core`.
set -euo pipefail
cd "$(dirname "$0")/.."

mdbook_version="0.5.4"

if [ "$(mdbook --version 2>/dev/null || true)" != "mdbook v${mdbook_version}" ]; then
    echo "installing mdbook ${mdbook_version} (this takes a few minutes)"
    # Only the search feature: the book is built here, never served.
    cargo install mdbook --version "${mdbook_version}" --locked \
        --no-default-features --features search
fi

echo "== mdbook build docs"
log="$(mktemp)"
trap 'rm -f "${log}"' EXIT
if ! mdbook build docs 2>&1 | tee "${log}"; then
    echo "mdbook build failed" >&2
    exit 1
fi
if grep -Eq "^[^ ]* *(WARN|ERROR)" "${log}"; then
    echo "mdbook reported warnings or errors; see above" >&2
    exit 1
fi
echo "== the guide is in target/book/index.html"
