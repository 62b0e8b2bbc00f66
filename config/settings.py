"""Settings of the provincial e-portal, one module driven by environment variables.

Nothing set gives a working local site: SQLite, an in-process cache, Celery tasks run inline,
DEBUG on. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, DEBUG=false and ALLOWED_HOSTS.
Each block links to the Django documentation of what it configures.

Every value an operator may set is declared once, with its default and meaning, in config/environment.py
(the table in docs/settings.md is generated from it) and read here through `environment.read()`: a value
of the wrong type stops start-up with ImproperlyConfigured naming the variable.
"""

import importlib.util
import ipaddress
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django_prose_editor.config import html_tags
from js_asset import static_lazy

from config import environment, object_storage

BASE_DIR = Path(__file__).resolve().parent.parent

environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
# Every variable of config/environment.py, from the environment or its default.
from_environment = environment.read(os.environ)

# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = from_environment["DEBUG"]
SECRET_KEY = from_environment["SECRET_KEY"]
ALLOWED_HOSTS = from_environment["ALLOWED_HOSTS"]
CSRF_TRUSTED_ORIGINS = from_environment["CSRF_TRUSTED_ORIGINS"]

# The project's own apps, kernel first (tests walk their folders: catalogues, who sends mail).
PROJECT_APPS = [
    "portal",
    "subsites",
    "news",
    "documents",
    "consultations",
    "citizen_qa",
    "directory",
    "procedures",
    "reports",
    "exchange",
    "search",
    "alerts",
    "api",
    "config",
]

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its tabs and fields are registered first.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "mptt",
    "django_filters",
    "sorl.thumbnail",
    "captcha",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_prose_editor",
    *PROJECT_APPS,
]

MIDDLEWARE = [
    # The request's id for every log line, and its count and latency (portal.logs, portal.metrics).
    "portal.logs.RequestLogMiddleware",
    "portal.metrics.RequestMetricsMiddleware",
    # /healthz, /readyz, /metrics: before the host check, the HTTPS redirect and the unit (portal.health).
    "portal.health.ProbeMiddleware",
    # Then: the scheme (X-Forwarded-Proto) is believed only from PORTAL_TRUSTED_PROXIES (portal.proxy).
    "portal.proxy.TrustedProxyMiddleware",
    # /api/ is resolved against its own URLconf (config.urls_api), so page workers never load the API.
    "config.middleware.ApiUrlconfMiddleware",
    # Page-cache hits, before every layer a hit does not need; the outer layers' headers are stored with
    # the page (portal.pagecache, docs/caching.md).
    "portal.pagecache.PageCacheHitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the database: decides whether this request's reads may use a replica.
    "portal.replicas.ReplicaRoutingMiddleware",
    "portal.middleware.RequestContextMiddleware",
    # The unit is resolved (and its path prefix stripped) before the language is read from the path.
    "subsites.middleware.CurrentUnitMiddleware",
    # Control characters out of every form and query value before any form or view reads them.
    "portal.inputs.InputCleaningMiddleware",
    # Outside the page cache so cached pages are counted too.
    "reports.middleware.VisitCounterMiddleware",
    # Hits answered here, before sessions, authentication and the view (see portal.pagecache).
    "portal.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
]

ROOT_URLCONF = "config.urls"
API_URLCONF = "config.urls_api"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "subsites.context_processors.current_unit",
                "reports.context_processors.visit_count",
                "directory.context_processors.site_footer",
            ],
        },
    },
]

# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
# PostgreSQL in production (postgres://user@host:5432/name); SQLite when DATABASE_URL is unset.
DATABASES = {"default": environ.Env.db_url_config(from_environment["DATABASE_URL"])}
DATABASES["default"].setdefault("CONN_MAX_AGE", from_environment["CONN_MAX_AGE"])
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # Test databases copy a template created UTF-8 / C.UTF-8 so trigram search covers Khmer.
    DATABASES["default"]["TEST"] = {
        "TEMPLATE": from_environment["DATABASE_TEST_TEMPLATE"],
        "CHARSET": "UTF8",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20})
# Read replicas (portal.replicas): aliases replica_1, replica_2…, never migrated, never given test
# databases of their own (they mirror the primary's), each connection attempt short so a dead one is
# skipped quickly.
for _number, _url in enumerate(from_environment["DATABASE_REPLICA_URL"], start=1):
    _replica = environ.Env.db_url_config(_url)
    if not _replica["ENGINE"].startswith("django.db.backends.postgresql"):  # the lag check is PostgreSQL's
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL: address {_number} is not postgres://…")
    _replica.setdefault("CONN_MAX_AGE", DATABASES["default"]["CONN_MAX_AGE"])
    _replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{_number}"] = _replica
DATABASE_ROUTERS = ["portal.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# https://docs.djangoproject.com/en/5.2/topics/cache/
# Redis shared by every app server in production; an in-process cache on a single local process.
REDIS_URL = from_environment["REDIS_URL"]
# The Celery broker is the Redis named in the environment, also in tests: workers started by a test
# read the same variable (its queues are named per test, so parallel test workers do not meet there).
CELERY_BROKER_URL = REDIS_URL or "memory://"
# Parallel test workers (pytest-xdist) each get a Redis database of their own.
# (Only in the test process itself: servers and workers it starts inherit the variable but not pytest.)
if REDIS_URL and os.environ.get("PYTEST_XDIST_WORKER") and "pytest" in sys.modules:
    _base_db = re.search(r"/(\d+)$", REDIS_URL)
    _worker_db = (int(_base_db.group(1)) if _base_db else 0) + 1 + int(os.environ["PYTEST_XDIST_WORKER"][2:])
    REDIS_URL = re.sub(r"/\d*$", "", REDIS_URL) + f"/{_worker_db}"
# Several processes may share one Redis (app servers of one portal: same prefix; test runs: one each).
CACHE_KEY_PREFIX = from_environment["CACHE_KEY_PREFIX"]
if "pytest" in sys.modules:
    CACHE_KEY_PREFIX = f"test{os.getpid()}"


# The cache (pages, fragments, generations, rate-limit windows, unflushed view counts) in a Redis
# database of its own, by default the one after REDIS_URL's: the Celery broker's queues stay apart, and
# a memory limit with eviction is set for it (README, "Production").
def _next_database(url: str) -> str:
    parts = urlsplit(url)
    return parts._replace(path=f"/{int(parts.path.strip('/') or 0) + 1}").geturl()


CACHE_REDIS_URL = from_environment["CACHE_REDIS_URL"] or (_next_database(REDIS_URL) if REDIS_URL else "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache_backend.ResilientRedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # A cache that is down must not take the site down: misses, not errors.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"}}
# A Redis that hangs is skipped after PORTAL_CACHE_BREAKER_FAILURES timeouts or refusals in a row, for
# PORTAL_CACHE_BREAKER_SECONDS between tries (portal.cache_backend.CircuitBreaker).

# https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A message taken by a worker that then dies whole (SIGKILL, power loss) is given to another worker after
# this many seconds, not Redis's default hour: longer than any task runs (a report takes a few minutes).
# Unacknowledged messages are looked for every PORTAL_CELERY_RESTORE_SECONDS.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": from_environment["PORTAL_CELERY_VISIBILITY_TIMEOUT"],
    "unacked_restore_interval": from_environment["PORTAL_CELERY_RESTORE_SECONDS"],
    "unacked_restore_throttle": 1,
    # A broker that accepts and never answers must not hold a request (sending a task) for ever.
    "socket_timeout": 5,
    "socket_connect_timeout": 5,
}
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
# One Celery beat at a time across every server (celery-redbeat): a beat holds a lock in Redis, renewed
# at every tick, and a second one waits for it; the schedule's last runs live there too, so a beat
# taking over runs nothing early. A beat stopped cleanly releases the lock; one killed keeps it until it
# expires. Keys in the broker's Redis, which must not evict (docs/caching.md).
if REDIS_URL:
    CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
    CELERY_REDBEAT_REDIS_URL = REDIS_URL
    CELERY_REDBEAT_REDIS_OPTIONS = {"socket_timeout": 5, "socket_connect_timeout": 5}
    CELERY_REDBEAT_KEY_PREFIX = f"{CACHE_KEY_PREFIX}:redbeat"
    CELERY_REDBEAT_LOCK_TIMEOUT = from_environment["PORTAL_BEAT_LOCK_SECONDS"]
    # Ticks (each renews the lock) and a waiting beat's tries come at least this often.
    CELERY_BEAT_MAX_LOOP_INTERVAL = max(1, CELERY_REDBEAT_LOCK_TIMEOUT // 5)
CELERY_BEAT_SCHEDULE: dict = {}

# https://docs.djangoproject.com/en/5.2/topics/auth/passwords/
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = from_environment["AXES_FAILURE_LIMIT"]
AXES_COOLOFF_TIME = 1  # hours
# One account from one client address: behind nginx a lock by address alone locked every staff member
# out (everyone shares the proxy's address), and a lock by username alone lets anyone lock out anyone.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "portal.proxy.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/sign_in_locked.html"
# Sign-in POSTs per client address per minute are limited by PORTAL_SIGN_IN_PER_MINUTE (portal.auth).
AXES_RESET_ON_SUCCESS = True
SESSION_COOKIE_AGE = from_environment["SESSION_COOKIE_AGE"]
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOGIN_URL = "admin:login"

# https://docs.djangoproject.com/en/5.2/topics/i18n/
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English"), ("km", "ខ្មែរ")]
# The switcher shows each language in its own name, not Django's "Khmer".
PORTAL_LANGUAGE_NAMES = dict(LANGUAGES)
# The project's own strings; then Khmer (and Vietnamese) admin strings that Django's catalogues lack.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "admin"]
USE_I18N = True
# Day-first date input (15/07/2026) for Vietnamese and Khmer editors.
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "vi"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("vi",)
# Self-hosted: modeltranslation would otherwise load jQuery UI from a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# https://docs.djangoproject.com/en/5.2/howto/static-files/
STATIC_URL = "/static/"
STATIC_ROOT = from_environment["STATIC_ROOT"]
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The Swagger UI of the API's OpenAPI page, served locally. django-ninja is not an installed app: that
    # would import it, pydantic and django.test into every web worker (docs/benchmarks.md).
    ("ninja", Path(importlib.util.find_spec("ninja").submodule_search_locations[0]) / "static" / "ninja"),
]
MEDIA_URL = "/media/"
# The only MEDIA_ROOT folders served at MEDIA_URL (portal.media_views): public images. Attachments and
# citizens' files live in the "private" storage and are served only by their apps' checking views.
PORTAL_PUBLIC_MEDIA_PREFIXES = ("news/", "banners/", "units/", "cache/")  # cache/: sorl thumbnails
MEDIA_ROOT = from_environment["MEDIA_ROOT"]
# Uploads in local folders, or in S3-protocol buckets when S3_BUCKET is set (config/object_storage.py):
# "default" holds public media, "private" what only a permission-checking view hands out.
S3_BUCKET = from_environment["S3_BUCKET"]
S3_PRIVATE_BUCKET = from_environment["S3_PRIVATE_BUCKET"]
S3_ENDPOINT_URL = from_environment["S3_ENDPOINT_URL"]
S3_ACCESS_KEY_ID = from_environment["S3_ACCESS_KEY_ID"]
S3_SECRET_ACCESS_KEY = from_environment["S3_SECRET_ACCESS_KEY"]
S3_REGION = from_environment["S3_REGION"]
STORAGES = object_storage.storages(
    from_environment,
    "portal.storage.StaticFilesStorage"
    if not DEBUG
    else "django.contrib.staticfiles.storage.StaticFilesStorage",
)
# In development whitenoise serves straight from the apps' and project's static folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# https://docs.djangoproject.com/en/5.2/topics/email/
EMAIL_BACKEND = from_environment["EMAIL_BACKEND"]
EMAIL_HOST = from_environment["EMAIL_HOST"]
EMAIL_PORT = from_environment["EMAIL_PORT"]
EMAIL_HOST_USER = from_environment["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = from_environment["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = from_environment["EMAIL_USE_TLS"]
# Each SMTP step waits at most this long (seconds); mail leaves through portal.mail, never in a request.
EMAIL_TIMEOUT = from_environment["EMAIL_TIMEOUT"]
DEFAULT_FROM_EMAIL = from_environment["DEFAULT_FROM_EMAIL"]
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# https://docs.djangoproject.com/en/5.2/ref/middleware/#module-django.middleware.security
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No SECURE_PROXY_SSL_HEADER: it would believe X-Forwarded-Proto from anyone; portal.proxy does it
# only behind PORTAL_TRUSTED_PROXIES.
SECURE_SSL_REDIRECT = from_environment["SECURE_SSL_REDIRECT"]
SECURE_HSTS_SECONDS = from_environment["SECURE_HSTS_SECONDS"]
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# https://django-csp.readthedocs.io/en/latest/configuration.html
# No inline script anywhere: scripts come from 'self'. Only the admin pages with the rich-text editor add
# a per-request nonce for its import map (portal.editor.allow_nonced_scripts).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", *object_storage.media_origins(from_environment)],
        "font-src": [SELF],
        "frame-src": ["https://www.youtube-nocookie.com", "https://www.youtube.com"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# https://django-prose-editor.readthedocs.io/en/latest/custom_extensions.html
# The portal's own extensions of the editor (portal.editor): YouTube videos, the field's label.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("js/editor-extensions.js")],
        "extensions": {
            "Embed": html_tags(
                ["iframe"], {"iframe": ["src", "title", "width", "height", "allowfullscreen"]}
            ),
            "FieldLabel": html_tags([]),
        },
    }
]
PERMISSIONS_POLICY = "geolocation=(), camera=(), microphone=(), payment=(), usb=()"

# https://docs.djangoproject.com/en/5.2/topics/logging/
# JSON lines (or text while developing), each naming its request's id (portal.logs); one access line
# per request at INFO on "portal.access" unless PORTAL_ACCESS_LOG is off. Celery workers log the same
# way (no root logger of their own).
if from_environment["PORTAL_LOG_FORMAT"] not in ("json", "text"):
    raise ImproperlyConfigured("PORTAL_LOG_FORMAT must be json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "portal.logs.ContextFilter"}},
    "formatters": {
        "json": {"()": "portal.logs.JsonLineFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": from_environment["PORTAL_LOG_FORMAT"],
        }
    },
    "root": {"handlers": ["console"], "level": from_environment["LOG_LEVEL"]},
    "loggers": {"portal.access": {"level": "INFO" if from_environment["PORTAL_ACCESS_LOG"] else "WARNING"}},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- The portal's own settings (PORTAL_*): every one an operator may set is declared, with its
# default, meaning and legal article, in config/environment.py (table: docs/settings.md). ---
globals().update({name: value for name, value in from_environment.items() if name.startswith("PORTAL_")})
# A mistyped address would otherwise surface as a 500 on every scrape of /metrics.
for _allowed in from_environment["PORTAL_METRICS_ALLOWED_IPS"]:
    try:
        ipaddress.ip_network(_allowed, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"PORTAL_METRICS_ALLOWED_IPS: {error}") from None
# Drawn at twice the old 120×44 so that it reads on a phone without blurring (shown 240 px wide at most).
CAPTCHA_IMAGE_SIZE = (240, 88)
CAPTCHA_FONT_SIZE = 44
# Path prefix under which each component site answers on the main host: /don-vi/<key>/vi/.
PORTAL_UNIT_PATH_PREFIX = "don-vi"
