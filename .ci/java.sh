#!/usr/bin/env bash
# Make Java 17+ available for the Spark tests (pyspark 4 needs it) and export JAVA_HOME.
#
#   source .ci/java.sh
#
# Uses the `java` already on PATH (or $JAVA_HOME) when it is version 17 or later; otherwise
# installs Debian's headless JRE (openjdk-17-jre-headless, or the newest openjdk-NN-jre-headless
# apt offers). Written to be sourced: it never calls `exit` or `set -e` in the caller's shell.
# When no Java can be had it says so and returns 0: the Spark tests then skip, the rest runs.

_according_java_version() {  # major version of the java binary $1, or 0
    "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1 | grep . || echo 0
}

_according_java() {
    local java="" run="" pkg
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        java="$JAVA_HOME/bin/java"
    elif command -v java >/dev/null 2>&1; then
        java="$(command -v java)"
    fi
    if [ -z "$java" ] || [ "$(_according_java_version "$java")" -lt 17 ]; then
        echo "java.sh: installing a Java runtime (17+) from Debian" >&2
        if [ "$(id -u)" != 0 ]; then run="sudo"; fi
        $run apt-get update -qq >&2 || { echo "java.sh: apt-get update failed" >&2; echo "java.sh: Spark tests will be skipped" >&2; return 0; }
        pkg=openjdk-17-jre-headless
        if ! apt-cache policy "$pkg" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
            pkg="$(apt-cache search --names-only '^openjdk-[0-9]+-jre-headless$' | cut -d' ' -f1 \
                   | sort -V | tail -n 1)"
        fi
        [ -n "$pkg" ] || { echo "java.sh: no openjdk-NN-jre-headless package in apt" >&2; echo "java.sh: Spark tests will be skipped" >&2; return 0; }
        DEBIAN_FRONTEND=noninteractive $run apt-get install -y -qq "$pkg" >&2 \
            || { echo "java.sh: could not install $pkg" >&2; echo "java.sh: Spark tests will be skipped" >&2; return 0; }
        java="$(command -v java)"
    fi
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$java")")")"
    export JAVA_HOME
    echo "java.sh: JAVA_HOME=$JAVA_HOME (Java $(_according_java_version "$java"))" >&2
}

_according_java
