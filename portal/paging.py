"""Pagination whose page 500 costs what page 1 costs: keyset pages from boundaries cached per generation.

Django's Paginator counts the whole list on every page and reads page N with OFFSET, which walks
every row before it. Here one query per generation of what the list shows reads the sort keys of the
whole list (an index-only walk) and keeps the first key of every page; each page is then read with
`key <= page's first key ... LIMIT per_page`, an index range scan that starts where the page starts.
A change bumps the generation named in `cache_key`, so boundaries are never stale; the rows of a page
read once are kept under the same key until then.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

BOUNDARIES_TTL = 3600


class KeysetPaginator(Paginator):
    """Pages of a query set ordered by (`field` descending, pk descending)."""

    def __init__(self, object_list, per_page, *, field: str, cache_key: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.field = field
        self.cache_key = cache_key

    @cached_property
    def _boundaries(self) -> tuple[int, list[tuple]]:
        found = cache.get(self.cache_key)
        if found is None:
            keys = self.object_list.prefetch_related(None).values_list(self.field, "pk")
            rows = list(keys.order_by(f"-{self.field}", "-pk"))
            found = (len(rows), rows[:: self.per_page])
            cache.set(self.cache_key, found, BOUNDARIES_TTL)
        return found

    @cached_property
    def count(self) -> int:
        return self._boundaries[0]

    def page(self, number):
        number = self.validate_number(number)
        starts = self._boundaries[1]
        if not starts:
            return self._get_page([], number, self)
        key = f"{self.cache_key}:page:{number}"
        rows = cache.get(key)
        if rows is None:
            value, pk = starts[number - 1]
            rows = list(
                self.object_list.filter(**{f"{self.field}__lte": value})
                .exclude(**{self.field: value, "pk__gt": pk})
                .order_by(f"-{self.field}", "-pk")[: self.per_page]
            )
            cache.set(key, rows, BOUNDARIES_TTL)
        return self._get_page(rows, number, self)
