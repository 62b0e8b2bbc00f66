#!/bin/sh
# Runs once, when the primary's data folder is created (docker-entrypoint-initdb.d): the role the
# replica streams with, and the one line of pg_hba.conf that lets it in from the compose network.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD}';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
