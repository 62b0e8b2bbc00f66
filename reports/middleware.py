from .visits import count_if_visit


class VisitCounterMiddleware:
    """Counts public page views per unit and local day; it sits outside the page cache, so hits count too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        count_if_visit(request, response)
        return response
