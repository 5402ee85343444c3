#!/usr/bin/env bash
# Doorman's HTTP/1.1 decoders beside Netty's on the same heads (bench request, a Plex Web request, the bench
# origin's response, a PMS-like response): the fastest of the measured rounds, in ns per head, one thread on
# one core, no sockets. Needs a built tree (./run-tests, or ./mvnw -DskipTests package). About 2 minutes.
#   ROUNDS  rounds of 1,000,000 heads per decoder and head (default 16; the first quarter is warm-up)
#   CPU     core to run on (default 1)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$repo/scripts/jdk.sh"
java_home="$(find_java_home)" || { echo "decoders: no Java 21 or newer found" >&2; exit 1; }
jar="$repo/target/doorman.jar"
[[ -f $jar && -d $repo/target/classes ]] || { echo "decoders: build first (./mvnw -DskipTests package)" >&2; exit 1; }
out="$repo/bench/work/decoders"
rm -rf "$out" && mkdir -p "$out"
"$java_home/bin/javac" -d "$out" -cp "$repo/target/classes:$jar" \
  "$repo/bench/decoders/io/doorman/proxy/DecoderBench.java"
opts=(-XX:+UseSerialGC -Xmn64m -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener)
if "$java_home/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  opts+=(--sun-misc-unsafe-memory-access=allow)
fi
exec taskset -c "${CPU:-1}" "$java_home/bin/java" "${opts[@]}" -cp "$out:$repo/target/classes:$jar" \
  io.doorman.proxy.DecoderBench "${ROUNDS:-16}"
