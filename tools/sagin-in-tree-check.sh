#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# In-tree check: build sagin as contrib/sagin of ns-3.37's own source tree and run one example.
#
#   tools/sagin-in-tree-check.sh [WORK_DIR]
#
# 1. gets ns-3.37's source from Debian's source package (enabling deb-src if needed),
# 2. copies this module to contrib/sagin of that tree,
# 3. configures ns-3 with only the modules sagin needs plus sagin (./ns3 configure
#    --enable-modules=sagin resolves the dependencies from CMakeLists.txt),
# 4. builds, runs sagin-seed-costs with ./ns3 run and checks its output against the independent
#    implementation in test/tri-co-reference.py, then runs sagin-network on a small SAGIN and
#    sagin-split-profile on ResNet-50 with USAM.
#
# WORK_DIR defaults to build/in-tree. Not part of ./sagin test: it takes minutes (2 on 2 cores
# with the ns-3 modules sagin needs so far), more as sagin uses more of ns-3. Needs root (or
# sudo) to install packages and enable deb-src.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${1:-$ROOT/build/in-tree}
JOBS=${SAGIN_JOBS:-$(nproc 2>/dev/null || echo 2)}

say() { echo "sagin-in-tree-check: $*" >&2; }
die() {
    say "$*"
    exit 1
}

as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    else
        sudo "$@"
    fi
}

# sagin's own packages (LibTorch, HDF5, ...), then what apt-get source needs.
"$ROOT/sagin" setup
command -v dpkg-source >/dev/null 2>&1 || as_root apt-get install -y -q dpkg-dev >&2

mkdir -p "$WORK"
cd "$WORK"
tree=$(find . -maxdepth 3 -type f -name ns3 -path '*/ns-3.37/ns3' -printf '%h\n' | head -n 1)
if [ -z "$tree" ]; then
    if ! apt-get source --print-uris ns3 >/dev/null 2>&1; then
        say "enabling Debian source packages (deb-src)"
        src=/etc/apt/sources.list.d/sagin-deb-src.sources
        [ -f /etc/apt/sources.list.d/debian.sources ] ||
            die "no /etc/apt/sources.list.d/debian.sources to derive a deb-src entry from; add one for bookworm by hand"
        sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
            as_root tee "$src" >/dev/null
        as_root apt-get update -q >&2
    fi
    say "fetching ns-3.37 from Debian's source package"
    apt-get source ns3 >&2 || die "apt-get source ns3 failed"
    tree=$(find . -maxdepth 3 -type f -name ns3 -path '*/ns-3.37/ns3' -printf '%h\n' | head -n 1)
    [ -n "$tree" ] || die "no ns-3.37 tree found in $WORK after apt-get source"
fi
tree=$(cd "$tree" && pwd)
say "ns-3 tree: $tree"

say "copying sagin to $tree/contrib/sagin"
rm -rf "$tree/contrib/sagin"
mkdir -p "$tree/contrib/sagin"
tar -C "$ROOT" --exclude=./build --exclude=./.git --exclude='./build-*' -cf - . |
    tar -C "$tree/contrib/sagin" -xf -

cd "$tree"
say "configuring ns-3 with sagin and the modules it needs"
./ns3 configure --build-profile=release --enable-examples --disable-tests \
    --enable-modules=sagin >&2 || die "./ns3 configure failed"
say "building with $JOBS jobs"
# ./ns3 build caps its jobs at one less than the cores; drive ns-3's CMake build directly.
cmake --build cmake-cache --parallel "$JOBS" >&2 || die "the ns-3 build failed"

say "running sagin-seed-costs"
actual=$(./ns3 run --no-build sagin-seed-costs 2>/dev/null) || die "./ns3 run sagin-seed-costs failed"
expected=$(/usr/bin/python3 "$ROOT/test/tri-co-reference.py")
if [ "$actual" != "$expected" ]; then
    diff <(echo "$expected") <(echo "$actual") >&2 || true
    die "sagin-seed-costs output differs from test/tri-co-reference.py"
fi
echo "$actual"
say "running sagin-network"
network=$(./ns3 run --no-build "sagin-network --satellites=12 --planes=3 --uavs=1 --vehicles=1 --baseStations=1 --stop=5" 2>/dev/null) ||
    die "./ns3 run sagin-network failed"
echo "$network"
[ "$(echo "$network" | wc -l)" = 3 ] && echo "$network" | head -n 1 | grep -q '^node,role,base_station,' ||
    die "sagin-network did not print its header and two flows"
say "running sagin-split-profile"
profile=$(./ns3 run --no-build "sagin-split-profile --model=resnet50-usam --input=384" 2>/dev/null) ||
    die "./ns3 run sagin-split-profile failed"
echo "$profile"
[ "$(echo "$profile" | head -n 1)" = "split,name,shape,elements,bytes_fp32,head_gmac,tail_gmac" ] &&
    echo "$profile" | grep -q '^0,conv1,64x192x192,2359296,9437184,0\.3468' ||
    die "sagin-split-profile did not print ResNet-50-USAM's profile"
say "running sagin-cvl on a small profiled scenario"
scenario=$WORK/sagin-cvl-check.json
cat >"$scenario" <<EOF
{"name": "in-tree", "duration_s": 4, "uavs": {"count": 1}, "vehicles": {"count": 1},
 "images": {"locations": 2, "size": 64}, "fidelity": "profiled",
 "traces": {"format": "hdf5", "directory": "$WORK/sagin-cvl-traces"}}
EOF
cvl=$(./ns3 run --no-build "sagin-cvl --quiet=true --scenario=$scenario" 2>/dev/null) ||
    die "./ns3 run sagin-cvl failed"
echo "$cvl"
echo "$cvl" | head -n 1 | grep -q '^scenario in-tree: [0-9]* requests' &&
    [ -s "$WORK/sagin-cvl-traces/traces.h5" ] ||
    die "sagin-cvl did not print its summary and write its traces"
say "running sagin-bench"
./ns3 run --no-build "sagin-bench --benchmark_filter=TriCo --benchmark_min_time=0.05" >&2 ||
    die "./ns3 run sagin-bench failed"
say "passed: sagin builds in ns-3.37's tree, sagin-seed-costs matches the reference, sagin-network, sagin-split-profile and sagin-cvl run"
