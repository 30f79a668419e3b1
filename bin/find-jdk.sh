# Sourced by ./mvnw and ./jseek: sets JSEEK_JAVA_HOME to a JDK >= 25 from JAVA_HOME, PATH or the usual install
# folders, or prints why none was found and returns 1.
jseek_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

jseek_find_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(jseek_java_major "$c")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      JSEEK_JAVA_HOME="$c"
      return 0
    fi
  done
  echo "jseek: no JDK 25 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks)." >&2
  echo "jseek: install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}
