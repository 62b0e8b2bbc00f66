import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from portal.counters import exit_cleanly_on_sigterm

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

from portal.pagecache import HitsFirst  # noqa: E402 - once Django is set up

# Page-cache hits are answered before Django's handler, its signals and middleware (docs/caching.md).
application = HitsFirst(django_application)

# Every full collection walks every object the process holds: some 170,000 once Django, the apps and the
# URL patterns are loaded, 100–130 ms during which a worker answers nobody, now and then under load (1 to
# 2% of a search's requests took 100–250 ms). They stay for the process's life: moved out of the
# collector's sight, a full collection walks only what requests made since.
get_resolver().url_patterns  # noqa: B018 - imported now, to be frozen with the rest
gc.freeze()

# Under a server that leaves SIGTERM at its default, a stop would lose the views counted in memory.
exit_cleanly_on_sigterm()
