#!/usr/bin/env bash
# Builds the node package, target/exfiltrate-node.tar.gz: a directory exfiltrate/ holding the launcher,
# the jar, and runtime/, a Java runtime made by jlink with only the modules the sender needs, so that
# nodes need no Java installed. Run by `mvn package` (this module's pom), after the jar is built:
#
#   exfiltrate/node-package.sh <module directory> <JDK to take the runtime from>
#
# The runtime: java.base (the sender needs nothing else of the JDK), jdk.crypto.ec (TLS with elliptic
# curves) and java.logging (which the JDK's class-data sharing archive refers to); Java debug attributes
# and native symbols stripped; the modules image compressed (the classes a run uses come from the
# class-data sharing archive, not from it); the default archive for compressed object pointers only
# (the launcher's heap is small). The runtime is reused from an earlier build when the JDK is the same.
set -euo pipefail

module=$(cd "$1" && pwd)
jdk=$2
target=$module/target
modules=java.base,java.logging,jdk.crypto.ec
[ -x "$jdk/bin/jlink" ] || { echo "node-package.sh: $jdk/bin/jlink is missing: build with a JDK (not a JRE), or set -Dnode.jdk=<a JDK>" >&2; exit 1; }
[ -f "$target/exfiltrate.jar" ] || { echo "node-package.sh: $target/exfiltrate.jar is missing" >&2; exit 1; }

# What the runtime is made from; an earlier runtime made from the same is reused.
recipe="$(cksum <"$jdk/release") $(cksum <"$jdk/lib/modules") $modules $(cksum <"$0")"
runtime=$target/node-runtime
if [ "$(cat "$runtime.recipe" 2>/dev/null)" != "$recipe" ]; then
  rm -rf "$runtime" "$runtime.recipe"
  compress=--compress=2 # zip, as JDK 17 names it; from JDK 21 on, zip-6
  "$jdk/bin/jlink" --list-plugins | grep -q 'zip-\[0-9\]' && compress=--compress=zip-6
  "$jdk/bin/jlink" --add-modules "$modules" --strip-java-debug-attributes --no-man-pages --no-header-files \
    "$compress" --generate-cds-archive --output "$runtime" >"$target/jlink.log" 2>&1 ||
    { cat "$target/jlink.log" >&2; exit 1; }
  rm -f "$runtime/lib/server/classes_nocoops.jsa"
  if command -v strip >/dev/null; then
    strip --strip-unneeded "$runtime/lib/server/libjvm.so" 2>/dev/null || true
  fi
  # Two runtimes of one Java version have the same release file; the launcher keys the nodes' startup
  # archives by it, and such an archive fits one base archive only: name this one.
  echo "SONAR_RUNTIME_ARCHIVE=\"$(cksum <"$runtime/lib/server/classes.jsa" | cut -d' ' -f1)\"" >>"$runtime/release"
  "$runtime/bin/java" -Xshare:on -version >/dev/null 2>&1 || { echo "node-package.sh: the runtime in $runtime does not start" >&2; exit 1; }
  echo "$recipe" >"$runtime.recipe"
fi

stage=$target/node
rm -rf "$stage"
mkdir -p "$stage/exfiltrate"
cp -a "$runtime" "$stage/exfiltrate/runtime"
cp "$target/exfiltrate.jar" "$stage/exfiltrate/exfiltrate.jar"
cp "$module/../bin/exfiltrate" "$stage/exfiltrate/exfiltrate"
chmod 644 "$stage/exfiltrate/exfiltrate.jar"
chmod 755 "$stage/exfiltrate/exfiltrate"
tar -C "$stage" --owner=0 --group=0 --numeric-owner -czf "$target/exfiltrate-node.tar.gz.tmp" exfiltrate
mv -f "$target/exfiltrate-node.tar.gz.tmp" "$target/exfiltrate-node.tar.gz"
