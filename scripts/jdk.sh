# Sourced by ./doorman and ./run-tests: finds a JDK 21 or newer without relying on the default java
# (which is 17 on Debian 12). Defines java_major and find_java_home.

# Prints the feature version (8, 17, 21, 25...) of a java binary, or nothing if it does not run.
java_major() {
  local v="" release
  # A JDK's release file names its version: reading it is instant, running java -version is not.
  release="$(dirname "$(dirname "$1")")/release"
  if [ -r "$release" ]; then
    v="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release" | head -n 1)"
  fi
  if [ -z "$v" ]; then
    v="$("$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)" || return 0
  fi
  case "$v" in
    1.*) v="${v#1.}" ;; # 1.8.0_392 -> 8.0_392
  esac
  v="${v%%[!0-9]*}"
  if [ -n "$v" ]; then echo "$v"; fi
}

# Prints a JAVA_HOME with Java 21 or newer: $JAVA_HOME, else the newest under /usr/lib/jvm, else the
# java on PATH.
find_java_home() {
  local v best="" best_v=0 d
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v="$(java_major "$JAVA_HOME/bin/java")"
    if [ "${v:-0}" -ge 21 ]; then
      echo "$JAVA_HOME"
      return
    fi
  fi
  for d in /usr/lib/jvm/*; do
    [ -x "$d/bin/java" ] || continue
    v="$(java_major "$d/bin/java")"
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_v" ]; then
      best="$d"
      best_v="$v"
    fi
  done
  if [ -z "$best" ] && command -v java >/dev/null 2>&1; then
    d="$(command -v java)"
    command -v readlink >/dev/null 2>&1 && d="$(readlink -f "$d" 2>/dev/null || echo "$d")"
    v="$(java_major "$d")"
    [ "${v:-0}" -ge 21 ] && best="$(dirname "$(dirname "$d")")"
  fi
  [ -n "$best" ] && echo "$best"
}

