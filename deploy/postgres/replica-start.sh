#!/bin/sh
# The streaming replica: on first start, a base backup of the primary (-R writes primary_conninfo and
# standby.signal); afterwards PostgreSQL resumes streaming from where it stopped.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
  until gosu postgres pg_isready -h db -U replicator -q; do sleep 1; done
  PGPASSWORD="$REPLICATION_PASSWORD" gosu postgres pg_basebackup -h db -U replicator -D "$PGDATA" \
    -R -X stream -C -S replica1 --no-password --progress
fi
exec gosu postgres postgres -c hot_standby=on -c hot_standby_feedback=on
