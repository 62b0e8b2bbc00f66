"""Settings of the document registry, each read with its default and the article it comes from."""

from django.conf import settings

# A document is posted within this many working days of its issue by the issuing agency
# (Decree 43/2011/NĐ-CP Điều 17 k1 c; Decree 42/2022 keeps the duty without a day count).
POSTING_WORKING_DAYS = getattr(settings, "PORTAL_DOCUMENT_POSTING_WORKING_DAYS", 2)
# Documents per page of the public finder; the page costs the same number of queries at any size.
PER_PAGE = getattr(settings, "PORTAL_DOCUMENTS_PER_PAGE", 20)
# Items in each RSS feed of documents.
FEED_ITEMS = getattr(settings, "PORTAL_DOCUMENT_FEED_ITEMS", 30)
# Items in each home-page block of documents.
HOME_ITEMS = getattr(settings, "PORTAL_DOCUMENT_HOME_ITEMS", 5)
