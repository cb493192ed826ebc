# Start a throwaway PostgreSQL cluster on loopback and export CEASEFIRE_TEST_PG for the storage tests.
# Sourced by .ci/run; prints why and leaves the variable unset when no server can be started.
# The port is CEASEFIRE_PG_PORT (default 55432), or the next free one above it.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -n "$pg_bin" ] && id postgres >/dev/null 2>&1; then
  pg_port=${CEASEFIRE_PG_PORT:-55432}
  while (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done
  pg_dir=$(mktemp -d /tmp/ceasefire-pg.XXXXXX)
  chown postgres "$pg_dir"
  su postgres -c "$pg_bin/initdb -D $pg_dir/data -A trust -U postgres" >/dev/null
  su postgres -c "$pg_bin/pg_ctl -D $pg_dir/data -o '-k $pg_dir -p $pg_port -c listen_addresses=127.0.0.1' -l $pg_dir/log -w start" >/dev/null
  su postgres -c "$pg_bin/createdb -h 127.0.0.1 -p $pg_port ceasefire_test"
  export CEASEFIRE_TEST_PG="postgresql+psycopg://postgres@127.0.0.1:$pg_port/ceasefire_test"
  echo "PostgreSQL started for the tests at $CEASEFIRE_TEST_PG"
else
  echo "no PostgreSQL server available: PostgreSQL tests will be skipped"
fi
