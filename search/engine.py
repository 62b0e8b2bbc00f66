"""Site-wide search across the registered providers: filters, groups with counts, highlighted matches.

Matching is the providers' own (a folded substring search, document numbers for documents); this
module adds what is common to every type: the unit, type and date filters, counting per type,
paging in the database and marking the matched words in what is shown.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django import forms
from django.core.paginator import Page, Paginator
from django.db import OperationalError, connection, transaction
from django.db.models import QuerySet
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from psycopg.errors import QueryCanceled

from portal.registry import SEARCH_PROVIDERS, SearchProvider
from portal.text import _D_MAP, _LATIN_DIACRITICS, fold
from portal.timeutil import local_midnight
from subsites.selectors import unit_by_pk

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
PER_PAGE = 20
PER_GROUP_PREVIEW = 3
SNIPPET_LENGTH = 220
ALL_UNITS = "all"
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


def clean_query(raw: str | None) -> str:
    """The query as searched: printable characters only, at most MAX_QUERY_LENGTH."""
    text = "".join(ch for ch in (raw or "") if ch.isprintable())
    return text.strip()[:MAX_QUERY_LENGTH].strip()


def providers() -> list[SearchProvider]:
    return sorted(SEARCH_PROVIDERS.values(), key=lambda p: p.order)


def unit_label(unit) -> str:
    """A unit as a scope of the search: a ceased one (merged, closed) still holds its content, marked."""
    return _("%(name)s (ceased)") % {"name": unit.name} if unit.is_ceased else unit.name


class SearchForm(forms.Form):
    """The filters of the results page; every field optional, a bad value is named, never a 500."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=1000,
        error_messages={
            "max_length": _(
                "The search text is too long (%(show_value)d characters): shorten it to the words you "
                "are looking for and search again."
            )
        },
    )
    type = forms.ChoiceField(label=_("Type"), required=False)
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    date_from = forms.DateField(
        label=_("Published from"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Published until"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types"))] + [(p.key, p.label) for p in providers()]
        self.fields["unit"].choices = [(ALL_UNITS, _("All units"))] + [(u.key, unit_label(u)) for u in units]
        self.fields["q"].widget.attrs.update({"type": "search", "maxlength": MAX_QUERY_LENGTH})

    def clean_q(self) -> str:
        return clean_query(self.cleaned_data.get("q"))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


def local_day_bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """Either end may be open; the dates chosen are whole local days (portal.timeutil)."""
    since = local_midnight(start) if start else None
    until = local_midnight(end + timedelta(days=1)) if end else None
    return since, until


# Counting every match of a common word costs a bitmap of every row holding its trigrams, tens of
# milliseconds a type at ten years of content, and a second over the whole of it. A count stops past
# its cap and the page says "1.000+", asking for a narrower search. The pages of one type count far
# enough to page through fifty pages; the overview of every type, which shows three items a type,
# only as far as "100+", which PostgreSQL reaches by reading a few hundred rows of a common word.
COUNT_CAP = 1000
OVERVIEW_COUNT_CAP = 100


@dataclass
class Group:
    provider: SearchProvider
    queryset: QuerySet
    count: int = 0
    cap: int = COUNT_CAP
    preview: list = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def count_label(self) -> str:
        return _thousands(self.cap) + "+" if self.capped else _thousands(self.count)


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def search_groups(
    query: str,
    language: str,
    *,
    unit=None,
    start: date | None = None,
    end: date | None = None,
    paged: str = "",
) -> list[Group]:
    """One group per provider, in the providers' order, each with its count (empty groups included);
    the `paged` type's count reaches COUNT_CAP, the others' OVERVIEW_COUNT_CAP."""
    since, until = local_day_bounds(start, end)
    groups = []
    for provider in providers():
        qs = provider.search(query, language, unit)
        if since is not None:
            qs = qs.filter(published_at__gte=since)
        if until is not None:
            qs = qs.filter(published_at__lt=until)
        cap = COUNT_CAP if provider.key == paged else OVERVIEW_COUNT_CAP
        groups.append(Group(provider, qs, qs.order_by()[: cap + 1].count(), cap))
    return groups


def total_label(groups: list[Group]) -> str:
    total = sum(min(g.count, g.cap) for g in groups)  # a capped count holds one past its cap
    return _thousands(total) + ("+" if any(g.capped for g in groups) else "")


# PostgreSQL cannot tell from trigram statistics how common a word is (Khmer least of all): for a word
# in thousands of items it reads every match through the trigram index, or the whole table, and sorts
# them all, where walking the publication order's index finds the newest few at once. A capped count
# says the word is that common, so the first pages of such a group are read by walking: with bitmap
# scans, sequential scans and sorts ruled out, only an index in the results' order is left.
# A cap says nothing of how the matches are spread over time, though: a word in a hundred items, all
# years old, would be walked through ten years of content. So the walks have a time budget, and what a
# walk cut short did not read is read by the plain query, as for a word under the cap.
# The plans ruled out still count, at a cost of 10^10 each (a scan of a table without another way in,
# such as the units read for `any_of`), which would pass any JIT threshold: hundreds of milliseconds
# compiling a walk that reads a few rows. JIT is off for the walks.
WALK_UP_TO = 100
WALK_BUDGET_MS = 30
_WALK = (
    "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off; "
    "SET LOCAL jit = off; SET LOCAL statement_timeout = {budget}"
)
# Put back inside the transaction: within an outer one (a test's), SET LOCAL would outlast the walk.
_UNWALK = (
    "SET LOCAL enable_bitmapscan = on; SET LOCAL enable_seqscan = on; SET LOCAL enable_sort = on; "
    "SET LOCAL jit TO DEFAULT; SET LOCAL statement_timeout TO DEFAULT"
)


def newest(group: Group, start: int, stop: int) -> list:
    """Items `start`..`stop` of a group's results, newest first."""
    return newest_of([group], start, stop)[0]


def newest_of(groups: list[Group], start: int, stop: int) -> list[list]:
    """Items `start`..`stop` of each group's results, newest first; the walks together, in one
    transaction under one setting."""
    walks = [g.capped and stop <= WALK_UP_TO for g in groups]
    found: dict[int, list] = {}
    if connection.vendor == "postgresql" and any(walks):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(_WALK.format(budget=int(WALK_BUDGET_MS)))
                for i, group in enumerate(groups):
                    if walks[i]:
                        found[i] = _with_units(group.queryset[start:stop])
                cursor.execute(_UNWALK)
        except OperationalError as error:
            if not isinstance(error.__cause__, QueryCanceled):
                raise
    return [found[i] if i in found else _with_units(g.queryset[start:stop]) for i, g in enumerate(groups)]


def _with_units(rows) -> list:
    """The rows, each with its unit from the cached unit index (its name and address are shown)
    rather than joined: a hundred columns fewer to read and turn into objects per result."""
    items = list(rows)
    for item in items:
        unit = unit_by_pk(item.unit_id)
        if unit is not None:  # else read on first use, as without the index
            item.unit = unit
    return items


def paginate(queryset: QuerySet, page_number, count: int | None = None) -> Page:
    """A page of results; `count` (already known, perhaps capped) spares counting the matches again."""
    paginator = Paginator(queryset, PER_PAGE)
    if count is not None:
        paginator.count = count
    return paginator.get_page(page_number)


# --- highlighting ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)  # a page's text is drawn from a few hundred distinct characters
def _fold_char(ch: str) -> str:
    """What one character folds to, consistently with portal.text.fold (may be empty: a lone accent)."""
    decomposed = unicodedata.normalize("NFD", ch.translate(_D_MAP))
    return unicodedata.normalize("NFC", _LATIN_DIACRITICS.sub("", decomposed)).lower()


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """The text folded character by character, and for each folded character its source index."""
    folded, origin = [], []
    for index, ch in enumerate(text):
        for out in _fold_char(ch):
            folded.append(out)
            origin.append(index)
    return "".join(folded), origin


def terms_of(query: str) -> list[str]:
    return [t for t in fold(query).split()[:MAX_TERMS] if t]


def _in_word(ch: str) -> bool:
    """A letter, a digit or a mark: what words are made of, in every script."""
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


_COENG = "\u17d2"  # joins the next consonant, written below, to the cluster before it


def _is_khmer(ch: str) -> bool:
    return "\u1780" <= ch <= "\u17ff" or "\u19e0" <= ch <= "\u19ff"


def _whole_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands on word edges, so that a part of another word is not marked.

    Latin script (Vietnamese, English): the match starts where a word starts and ends where a word ends
    ("trá" is not marked inside "tránh", nor "Tra" inside "Trade"; in Vietnamese the beginning of a
    syllable is another word). Khmer writes no spaces between words and the portal has no dictionary
    to find them; words only ever break between written clusters (a consonant with its subscripts,
    vowel signs and marks). Between two Khmer letters a match is marked where it keeps every cluster
    whole: it neither starts on a sign nor after a subscript mark (coeng), nor ends before a sign.
    """
    return _edge(text, start - 1, start) and _edge(text, end - 1, end)


def _edge(text: str, before: int, after: int) -> bool:
    """Whether a word may start or end between text[before] and text[after]."""
    if before < 0 or after >= len(text):
        return True
    left, right = text[before], text[after]
    if _is_khmer(left) and _is_khmer(right):
        return left != _COENG and not unicodedata.category(right).startswith("M")
    return not (_in_word(left) and _in_word(right))


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Merged [start, end) spans of `text` whose folded form is one of the terms, as whole words."""
    if not text or not terms:
        return []
    folded, origin = _folded_with_map(text)
    spans = []
    for term in terms:
        at = folded.find(term)
        while at != -1:
            start = origin[at]
            end = origin[at + len(term) - 1] + 1
            # Accents typed as separate combining marks belong to the letter before them.
            while end < len(text) and not _fold_char(text[end]):
                end += 1
            if _whole_word(text, start, end):
                spans.append((start, end))
            at = folded.find(term, at + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        # Words matched next to each other read as one phrase: one mark, not one per word.
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str | None, query: str) -> SafeString:
    """The text, escaped, with every match of the query's words inside <mark>."""
    text = str(text or "")
    out, last = [], 0
    for start, end in match_spans(text, terms_of(query)):
        out += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def snippet(text: str | None, query: str, length: int = SNIPPET_LENGTH) -> SafeString:
    """A stretch of plain text around the first match (or its beginning), highlighted."""
    plain = " ".join(strip_tags(text or "").split())
    if not plain:
        return mark_safe("")
    spans = match_spans(plain, terms_of(query))
    start = max(0, spans[0][0] - length // 3) if spans else 0
    if start:
        start = plain.rfind(" ", 0, start) + 1
    end = min(len(plain), start + length)
    if end < len(plain):
        end = plain.rfind(" ", start, end) if plain.rfind(" ", start, end) > start else end
    piece = plain[start:end]
    prefix, suffix = ("… " if start else ""), (" …" if end < len(plain) else "")
    return mark_safe(escape(prefix) + highlight(piece, query) + escape(suffix))  # noqa: S308


def _fallback_language(item, field_name: str, language: str) -> str:
    """The original's language when a translated field shows the Vietnamese text for want of its own."""
    if not hasattr(item, f"{field_name}_{language}"):
        # Untranslated content written in one language (a citizen's question) names it.
        own = getattr(item, "language", "")
        return own if isinstance(own, str) and own and own != language else ""
    if language == "vi":
        return ""
    return "" if getattr(item, f"{field_name}_{language}") else "vi"


def present(item, query: str, language: str) -> dict:
    """What a results list shows of an item: its title and a snippet, highlighted, in their language."""
    title = item.search_title()
    # A summary where the type has one (news, drafts); the question's text for Q&A.
    summary = getattr(item, "summary", "") or getattr(item, "body", "") or ""
    return {
        "url": item.get_absolute_url(),
        "title": highlight(title, query),
        # Fallback text shown in another language is marked with its language (WCAG 3.1.2).
        "title_lang": _fallback_language(item, "title", language),
        "snippet": snippet(summary, query),
        "snippet_lang": _fallback_language(item, "summary", language),
        "unit": getattr(item, "unit", None),
        "published_at": getattr(item, "published_at", None),
    }
