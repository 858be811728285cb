#!/usr/bin/env bash
# The project templates, generated and tested as a user would: each of
# templates/app and templates/blueprint is generated with cargo-generate
# into a temporary folder, pointed at this checkout, built, and its tests
# run. The generated crates take the workspace's lock file and target
# folder, so the framework's dependencies are not built a second time.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

# The newest cargo-generate whose locked dependencies build with the
# toolchain this project uses (0.26 needs rustc 1.97).
cargo_generate_version="0.23.7"

if ! cargo generate --version >/dev/null 2>&1; then
    echo "installing cargo-generate ${cargo_generate_version} (this takes a few minutes)"
    cargo install cargo-generate --version "${cargo_generate_version}" --locked
fi

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${root}/target}"

# generate TEMPLATE NAME: writes the project NAME from templates/TEMPLATE.
generate() {
    cargo generate \
        --path "${root}/templates/$1" \
        --name "$2" \
        --destination "${work}" \
        --define "openml_front_path=${root}" \
        --vcs none \
        --silent
    cp "${root}/Cargo.lock" "${work}/$2/Cargo.lock"
}

for template in app blueprint; do
    name="template-check-${template}"
    echo "== templates/${template}: generate, build, test"
    generate "${template}" "${name}"
    (cd "${work}/${name}" && cargo build && cargo test)
done
echo "== templates: both generated projects build and pass their tests"
