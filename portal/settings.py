"""Settings of the provincial e-portal, one module driven by environment variables.

Nothing set gives a working local site: SQLite, an in-process cache, Celery tasks run inline,
DEBUG on. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, DEBUG=false and ALLOWED_HOSTS.
Each block links to the Django documentation of what it configures.
"""

import os
import re
import sys
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = env.bool("DEBUG", default=not env("SECRET_KEY", default=""))
_DEV_SECRET = "insecure-local-development-key-only-used-when-SECRET_KEY-is-unset-0123456789"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", default=_DEV_SECRET if DEBUG else None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

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
    "portal",
    "subsites",
    "news",
    "documents",
    "consultations",
    "citizen_qa",
    "reports",
    "exchange",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.RequestContextMiddleware",
    # The unit is resolved (and its path prefix stripped) before the language is read from the path.
    "subsites.middleware.CurrentUnitMiddleware",
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

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
            ],
        },
    },
]

# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
# PostgreSQL in production (postgres://user@host:5432/name); SQLite when DATABASE_URL is unset.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # Test databases copy a template created UTF-8 / C.UTF-8 so trigram search covers Khmer.
    DATABASES["default"]["TEST"] = {
        "TEMPLATE": env("DATABASE_TEST_TEMPLATE", default="template0"),
        "CHARSET": "UTF8",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# https://docs.djangoproject.com/en/5.2/topics/cache/
# Redis shared by every app server in production; an in-process cache on a single local process.
REDIS_URL = env("REDIS_URL", default="")
# The Celery broker is the Redis named in the environment, also in tests: workers started by a test
# read the same variable (its queues are named per test, so parallel test workers do not meet there).
CELERY_BROKER_URL = REDIS_URL or "memory://"
# Parallel test workers (pytest-xdist) each get a Redis database of their own.
# (Only in the test process itself: servers and workers it starts inherit the variable but not pytest.)
if REDIS_URL and env("PYTEST_XDIST_WORKER", default="") and "pytest" in sys.modules:
    _base_db = re.search(r"/(\d+)$", REDIS_URL)
    _worker_db = (int(_base_db.group(1)) if _base_db else 0) + 1 + int(env("PYTEST_XDIST_WORKER")[2:])
    REDIS_URL = re.sub(r"/\d*$", "", REDIS_URL) + f"/{_worker_db}"
# Several processes may share one Redis (app servers of one portal: same prefix; test runs: one each).
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", default="portal")
if "pytest" in sys.modules:
    CACHE_KEY_PREFIX = f"test{os.getpid()}"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache_backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # A cache that is down must not take the site down: misses, not errors.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"}}

# https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
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
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
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
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
# The only MEDIA_ROOT folders served at MEDIA_URL (portal.media_views): public images. Attachments and
# citizens' files live elsewhere in MEDIA_ROOT and are served only by their apps' checking views.
PORTAL_PUBLIC_MEDIA_PREFIXES = ("news/", "banners/", "units/", "cache/")  # cache/: sorl thumbnails
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# In development whitenoise serves straight from the apps' and project's static folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# https://docs.djangoproject.com/en/5.2/topics/email/
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="cong-thong-tin@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# https://docs.djangoproject.com/en/5.2/ref/middleware/#module-django.middleware.security
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
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
        "img-src": [SELF, "data:"],
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
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# --- The portal's own settings (PORTAL_*). Legal thresholds cite their article. ---
# Stale after this many days without a new item (the seed report's rule; Decree 43/2011 Điều 17 k1 a).
PORTAL_STALE_DAYS = env.int("PORTAL_STALE_DAYS", default=30)
# Largest upload accepted from editors, importers and citizens.
PORTAL_UPLOAD_MAX_BYTES = env.int("PORTAL_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
PORTAL_IMAGE_MAX_BYTES = env.int("PORTAL_IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
PORTAL_IMAGE_MAX_PIXELS = env.int("PORTAL_IMAGE_MAX_PIXELS", default=40_000_000)
# The hosts that serve the main portal (others are looked up as a unit's own host).
PORTAL_MAIN_HOSTS = env.list("PORTAL_MAIN_HOSTS", default=[])
# Public forms (questions, comments): abuse limits; see portal.public_forms.
PORTAL_FORM_MIN_SECONDS = env.int("PORTAL_FORM_MIN_SECONDS", default=3)
PORTAL_RATE_LIMIT_PER_IP = env.int("PORTAL_RATE_LIMIT_PER_IP", default=10)  # per hour
PORTAL_RATE_LIMIT_PER_EMAIL = env.int("PORTAL_RATE_LIMIT_PER_EMAIL", default=5)  # per day
# Reverse proxies in front of gunicorn, each appending to X-Forwarded-For: the client's address is
# the hop the outermost one appended (portal.middleware.client_ip). 0 = no proxy: use REMOTE_ADDR.
PORTAL_TRUSTED_PROXIES = env.int("PORTAL_TRUSTED_PROXIES", default=1)
PORTAL_CAPTCHA_AFTER = env.int("PORTAL_CAPTCHA_AFTER", default=3)  # submissions per hour before a captcha
CAPTCHA_IMAGE_SIZE = (120, 44)
# Whole pages for anonymous visitors are cached until what they show changes (portal.pagecache).
PORTAL_PAGE_CACHE = env.bool("PORTAL_PAGE_CACHE", default=True)
PORTAL_PAGE_CACHE_SECONDS = env.int("PORTAL_PAGE_CACHE_SECONDS", default=3600)
# Serve /bench/minimal/, the ceiling `make bench` measures pages against; never in production.
PORTAL_BENCH_ENDPOINT = env.bool("PORTAL_BENCH_ENDPOINT", default=False)
# Absolute base of links in e-mails sent by background tasks (no request to build them from).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# Path prefix under which each component site answers on the main host: /don-vi/<key>/vi/.
PORTAL_UNIT_PATH_PREFIX = "don-vi"
