#!/usr/bin/env bash
# Before the tests: the PostgreSQL tests need the local server (127.0.0.1:5432, trust auth,
# database test, or TEST_DATABASE_URL). Starts the machine's cluster if it is down; says what
# is missing otherwise. Does nothing when the server already answers.
set -euo pipefail
if [ -n "${TEST_DATABASE_URL:-}" ] || pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then exit 0; fi
if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  echo "PostgreSQL is not running: starting the local cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done
fi
echo "The tests need PostgreSQL on 127.0.0.1:5432 (database test, trust auth) or TEST_DATABASE_URL." >&2
exit 1
