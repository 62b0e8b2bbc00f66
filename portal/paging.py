"""Pagination whose page 500 costs what page 1 costs: keyset pages from boundaries cached per generation.

Django's Paginator counts the whole list on every page and reads page N with OFFSET, which walks
every row before it. Here one query per generation of what the list shows reads the sort keys of the
whole list (an index-only walk) and keeps the first key of every page; each page is then read with
`key <= page's first key ... LIMIT per_page`, an index range scan that starts where the page starts.
Boundaries and the rows of a page read once are kept until a generation in `scopes` is bumped, so
they are never stale.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .cache import remember, remember_many

BOUNDARIES_TTL = 3600


class KeysetPaginator(Paginator):
    """Pages of a query set ordered by (`field` descending, pk descending), kept in the cache until
    anything in `scopes` changes."""

    def __init__(
        self, object_list, per_page, *, field: str, cache_key: str, scopes: tuple, present=None, **kwargs
    ):
        """`present` turns a page's rows into what is kept and shown for them (say, their markup)."""
        super().__init__(object_list, per_page, **kwargs)
        self.field = field
        self.cache_key = cache_key
        self.scopes = scopes
        self.present = present or (lambda rows: rows)
        self._rows: dict[int, object] = {}

    def _read_boundaries(self) -> tuple[int, list[tuple]]:
        keys = self.object_list.prefetch_related(None).values_list(self.field, "pk")
        rows = list(keys.order_by(f"-{self.field}", "-pk"))
        return len(rows), rows[:: self.per_page]

    def _read_rows(self, boundaries, number: int):
        starts = boundaries[1]
        if not 1 <= number <= len(starts):
            return None
        value, pk = starts[number - 1]
        rows = (
            self.object_list.filter(**{f"{self.field}__lte": value})
            .exclude(**{self.field: value, "pk__gt": pk})
            .order_by(f"-{self.field}", "-pk")[: self.per_page]
        )
        return self.present(list(rows))

    @cached_property
    def _boundaries(self) -> tuple[int, list[tuple]]:
        return remember(f"{self.cache_key}:bounds", self.scopes, self._read_boundaries, BOUNDARIES_TTL)

    def get_page(self, number):
        """The boundaries and the asked page's rows read together, with their generations: one round trip."""
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        bounds, rows = f"{self.cache_key}:bounds", f"{self.cache_key}:page:{wanted}"
        found = remember_many(
            self.scopes,
            {
                bounds: lambda _found: self._read_boundaries(),
                rows: lambda found: self._read_rows(found[bounds], wanted),
            },
            BOUNDARIES_TTL,
        )
        self.__dict__["_boundaries"] = found[bounds]
        if found[rows] is not None:
            self._rows[wanted] = found[rows]
        return super().get_page(number)

    @cached_property
    def count(self) -> int:
        return self._boundaries[0]

    def page(self, number):
        number = self.validate_number(number)
        if not self._boundaries[1]:
            return self._get_page([], number, self)
        if number not in self._rows:
            self._rows[number] = remember(
                f"{self.cache_key}:page:{number}",
                self.scopes,
                lambda: self._read_rows(self._boundaries, number),
                BOUNDARIES_TTL,
            )
        return self._get_page(self._rows[number], number, self)
