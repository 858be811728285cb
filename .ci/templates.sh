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
# The guide's last step: the new blueprint joins the new app by adding the
# dependency and naming it in `blueprints`, nothing else.
app="${work}/template-check-app"
plugin="template-check-blueprint"
echo "== templates: add ${plugin} to the app and serve it"
(cd "${app}" && cargo add --quiet --path "${work}/${plugin}")
sed -i "s/^blueprints = \[\(.*\)\]/blueprints = [\1, \"template_check_blueprint\"]/" "${app}/openml-front.toml"
grep -q '"template_check_blueprint"' "${app}/openml-front.toml"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
(cd "${app}" && cargo build --quiet)
(cd "${app}" && OPENML_FRONT_SERVER__BIND="127.0.0.1:${port}" \
    exec "${CARGO_TARGET_DIR}/debug/template-check-app") &
server=$!
reply=""
for _ in $(seq 1 100); do
    reply="$(curl -sf "http://127.0.0.1:${port}/${plugin}/hello?name=CI" || true)"
    [ -n "${reply}" ] && break
    sleep 0.3
done
kill "${server}" 2>/dev/null || true
wait "${server}" 2>/dev/null || true
echo "reply of the added blueprint: ${reply}"
case "${reply}" in
    *CI*) ;;
    *) echo "the added blueprint did not answer" >&2; exit 1 ;;
esac

echo "== templates: both generated projects build and pass their tests, and the blueprint mounts in the app"
