"""What the reports app plugs into the kernel: the footer's visit total, read with every page."""

from portal.registry import hit_counter, page_reads


def register() -> None:
    from . import visits

    page_reads(visits.total_visits_reads)
    hit_counter(visits.count_if_visit)
