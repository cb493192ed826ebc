# Start a throwaway PostgreSQL cluster on loopback and export CEASEFIRE_TEST_PG for the storage tests.
# Sourced by .ci/run; prints why and leaves the variable unset when no server can be started.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -n "$pg_bin" ] && id postgres >/dev/null 2>&1; then
  pg_dir=$(mktemp -d /tmp/ceasefire-pg.XXXXXX)
  chown postgres "$pg_dir"
  su postgres -c "$pg_bin/initdb -D $pg_dir/data -A trust -U postgres" >/dev/null
  su postgres -c "$pg_bin/pg_ctl -D $pg_dir/data -o '-k $pg_dir -p 55432 -c listen_addresses=127.0.0.1' -l $pg_dir/log -w start" >/dev/null
  su postgres -c "$pg_bin/createdb -h 127.0.0.1 -p 55432 ceasefire_test"
  export CEASEFIRE_TEST_PG="postgresql+psycopg://postgres@127.0.0.1:55432/ceasefire_test"
  echo "PostgreSQL started for the tests at $CEASEFIRE_TEST_PG"
else
  echo "no PostgreSQL server available: PostgreSQL tests will be skipped"
fi
