"""Fixtures of the tests that run several servers: `pg_replica`, a real streaming replica (pg_replica.py)."""

from .pg_replica import pg_replica  # noqa: F401 - a fixture, offered to every test here
