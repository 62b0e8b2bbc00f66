from .visits import total_visits


def visit_count(request) -> dict:
    return {"portal_visits": total_visits}
