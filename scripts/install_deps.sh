#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what building and testing mpwasm needs on a Debian machine: the
# Debian packages below (only when one is missing, after one `apt-get update`)
# and the Python packages of requirements.txt into the virtualenv .venv/, and those of
# requirements-labgrid.txt into .venv-labgrid/ (labgrid's pyserial fork and mpremote's
# pyserial are the same `serial` package: one venv each, see docs/lab.md).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
    make gcc                                   # host port, mpy-cross
    gcc-arm-none-eabi libnewlib-arm-none-eabi  # firmware
    qemu-system-arm                            # QEMU boards
    clang lld wabt                             # wasm test programs and spec tests
    clang-format                               # the C style check (tests/host/test_style.py, .clang-format)
    wasi-libc libclang-rt-14-dev-wasm32        # WASI test programs (clang --target=wasm32-wasi)
    libc++-14-dev-wasm32 libc++abi-14-dev-wasm32  # the C++ held-out programs' wasm32 C++ library (bench/programs.py)
    unicode-data python3-six                   # RE2's Unicode tables, made as Debian makes them (bench/programs.py _gen_re2)
    libclang-rt-14-dev binaryen llvm-14         # tests/fuzz: libFuzzer + sanitizer runtimes, wasm-opt -ttf, llvm-cov
    ser2net                                    # labgrid's exporter serves serial ports with it (docs/lab.md)
    rustc libstd-rust-dev-wasm32               # Rust apps (examples/rust): Debian rustc + its wasm32 std
    cmake                                      # tests/host/test_cmake_module.py: modwasm/micropython.cmake
    dpkg-dev tcl                               # real programs: apt-get source unpacks with dpkg-source;
                                               # SQLite's `make sqlite3.c` runs tclsh (scripts/fetch_programs.py)
)
# AssemblyScript apps (examples/assemblyscript): node and npm, unless already on PATH.
command -v npm >/dev/null || APT_PACKAGES+=(nodejs npm)
# Python 3 with venv for the scripts and tests, unless one is already on PATH.
command -v python3 >/dev/null || APT_PACKAGES+=(python3)
python3 -c "import venv, ensurepip" 2>/dev/null || APT_PACKAGES+=(python3-venv)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "install_deps: installing Debian packages: ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Python packages go into .venv so a Debian python3 (PEP 668) works as well;
# labgrid in its own venv (docs/lab.md): never pyserial or mpremote in it.
# venv_install VENV REQUIREMENTS: the venv, and its packages when the file changed.
venv_install() {
    local venv=$1 reqs=$2 stamp want
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv"
    fi
    stamp="$venv/.requirements.sha256"
    want=$(sha256sum "$reqs" | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        echo "install_deps: installing Python packages from $reqs into $venv"
        "$venv/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1
        "$venv/bin/python" -m pip install -q -r "$reqs" 2> >(grep -v "^WARNING: Location" >&2)
        echo "$want" > "$stamp"
    fi
}

# The AssemblyScript compiler, pinned with its integrity hashes in
# sdk/assemblyscript/package-lock.json, into the git-ignored node_modules/ there.
as_install() {
    local dir=sdk/assemblyscript stamp want
    stamp="$dir/node_modules/.package-lock.sha256"
    want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        echo "install_deps: installing the AssemblyScript compiler (npm ci in $dir)"
        (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
        echo "$want" > "$stamp"
    fi
}

# The three at once: each is one process at a time (pip unpacks and compiles
# one package after another), so on a clean clone they overlap on two cores.
venv_install .venv requirements.txt &
venv=$!
venv_install .venv-labgrid requirements-labgrid.txt &
lab=$!
as_install &
as=$!
failed=0
for job in "$venv" "$lab" "$as"; do
    wait "$job" || failed=1
done
exit "$failed"
