"""Every setting an operator may set, declared once: its environment variable, type, default and meaning.

config/settings.py reads them all through `read()` at start (a bad value stops start-up with
ImproperlyConfigured naming the variable); the apps read `django.conf.settings.<NAME>` when they need
it, never a default of their own. `manage.py settings_table --write` copies `table()` into
docs/settings.md, and tests/portal/test_settings_table.py fails when the two differ.

Settings the code sets and operators must not (INSTALLED_APPS, middleware, the public media folders…)
stay in config/settings.py; the PORTAL_* ones among them are named in SET_BY_CODE.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

TYPES = ("str", "int", "bool", "list", "path", "JSON")
_TRUE = ("true", "on", "ok", "y", "yes", "1")
_FALSE = ("false", "off", "no", "n", "0", "")


@dataclass(frozen=True)
class Variable:
    """One environment variable, read into the Django setting of the same name."""

    name: str
    type: str  # one of TYPES
    # The value when the variable is unset, or a function of the values read before it and of the
    # environment: `lambda values, environ: ...` (defaults that depend on DEBUG).
    default: Any
    meaning: str
    # How the table shows a default that is computed (a callable) or depends on the machine.
    shown_default: str = ""

    def __post_init__(self):
        assert self.type in TYPES, self.type
        assert not callable(self.default) or self.shown_default, f"{self.name}: say what the default is"


_DEV_SECRET = "insecure-local-development-key-only-used-when-SECRET_KEY-is-unset-0123456789"  # noqa: S105
_MiB = 1024 * 1024
_LPLD = "Law on Promulgation of Legal Documents 2015"

VARIABLES: tuple[Variable, ...] = (
    # --- Django: https://docs.djangoproject.com/en/5.2/ref/settings/ ---
    Variable(
        "SECRET_KEY",
        "str",
        lambda v, e: _DEV_SECRET if v["DEBUG"] else None,
        "Django's signing key; required in production.",
        "a fixed development key while DEBUG; none otherwise",
    ),
    Variable(
        "DEBUG",
        "bool",
        lambda v, e: not e.get("SECRET_KEY"),
        "Django's debug mode. Off in production: it also turns on HTTPS redirects, HSTS and secure cookies.",
        "on when SECRET_KEY is unset",
    ),
    Variable(
        "ALLOWED_HOSTS",
        "list",
        ["127.0.0.1", "localhost", "[::1]", "testserver"],
        "Host names the site answers to (comma-separated).",
    ),
    Variable(
        "CSRF_TRUSTED_ORIGINS",
        "list",
        [],
        "Origins trusted for unsafe requests, e.g. https://travinh.gov.vn.",
    ),
    Variable(
        "DATABASE_URL",
        "str",
        lambda v, e: f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        "The database: postgres://user:password@host:5432/name in production.",
        "SQLite `db.sqlite3` in the project folder",
    ),
    Variable("CONN_MAX_AGE", "int", 60, "Seconds a database connection is reused (always 0 with SQLite)."),
    Variable(
        "DATABASE_TEST_TEMPLATE",
        "str",
        "template0",
        "PostgreSQL template of test databases (UTF-8, so trigram search covers Khmer).",
    ),
    Variable(
        "DATABASE_REPLICA_URL",
        "list",
        [],
        "Read replicas (PostgreSQL streaming standbys of DATABASE_URL), comma-separated: anonymous "
        "public GET/HEAD reads go to a healthy one; unset, everything reads the primary.",
    ),
    Variable(
        "PORTAL_REPLICA_MAX_LAG_SECONDS",
        "int",
        10,
        "A replica further behind the primary than this (or down) is skipped until it catches up.",
    ),
    Variable(
        "PORTAL_READ_YOUR_WRITES_SECONDS",
        "int",
        15,
        "After a browser's POST (or any write), its reads go to the primary for this long "
        "so it sees its own change.",
    ),
    Variable(
        "REDIS_URL",
        "str",
        "",
        "Redis of the Celery broker and, by default, the cache; unset: tasks run inline, in-process cache.",
    ),
    Variable(
        "CACHE_REDIS_URL",
        "str",
        "",
        "Redis database of the cache (pages, fragments, rate-limit windows, view counts).",
        "REDIS_URL's next database",
    ),
    Variable("CACHE_KEY_PREFIX", "str", "portal", "Cache key prefix: one per portal sharing a Redis."),
    Variable(
        "AXES_FAILURE_LIMIT",
        "int",
        5,
        "Failed sign-ins before one account is locked for an hour from one client address.",
    ),
    Variable("SESSION_COOKIE_AGE", "int", 8 * 3600, "Seconds a staff session lasts (8 hours)."),
    Variable(
        "STATIC_ROOT",
        "path",
        lambda v, e: BASE_DIR / "staticfiles",
        "Folder collectstatic fills.",
        "`staticfiles/` in the project folder",
    ),
    Variable(
        "MEDIA_ROOT",
        "path",
        lambda v, e: BASE_DIR / "media",
        "Folder of uploaded files.",
        "`media/` in the project folder",
    ),
    # --- Object storage (docs/operations.md, "Object storage"): unset = the local folders above ---
    Variable(
        "S3_BUCKET", "str", "", "S3-protocol bucket of public media (photos, banners); empty: MEDIA_ROOT."
    ),
    Variable(
        "S3_PRIVATE_BUCKET",
        "str",
        "",
        "Bucket of private files (attachments, citizens' files, reports); required with S3_BUCKET.",
    ),
    Variable("S3_ENDPOINT_URL", "str", "", "Address of the S3 server (MinIO, Ceph); empty: Amazon S3."),
    Variable("S3_ACCESS_KEY_ID", "str", "", "Access key of the portal's S3 user."),
    Variable("S3_SECRET_ACCESS_KEY", "str", "", "Secret key of the portal's S3 user."),
    Variable("S3_REGION", "str", "us-east-1", "Region the buckets are in (MinIO and Ceph accept any)."),
    Variable(
        "PORTAL_PRIVATE_URL_SECONDS",
        "int",
        300,
        "Seconds a private file's signed address (S3's presigned one, or the portal's) stays valid.",
    ),
    Variable(
        "EMAIL_BACKEND",
        "str",
        lambda v, e: (
            "django.core.mail.backends.console.EmailBackend"
            if v["DEBUG"]
            else "django.core.mail.backends.smtp.EmailBackend"
        ),
        "Django's e-mail backend.",
        "the console while DEBUG; SMTP otherwise",
    ),
    Variable("EMAIL_HOST", "str", "localhost", "SMTP server."),
    Variable("EMAIL_PORT", "int", 25, "SMTP port."),
    Variable("EMAIL_HOST_USER", "str", "", "SMTP user."),
    Variable("EMAIL_HOST_PASSWORD", "str", "", "SMTP password."),
    Variable("EMAIL_USE_TLS", "bool", False, "SMTP with STARTTLS."),
    Variable(
        "EMAIL_TIMEOUT", "int", 10, "Seconds each SMTP step may wait (mail leaves through portal.mail)."
    ),
    Variable("DEFAULT_FROM_EMAIL", "str", "cong-thong-tin@localhost", "Sender of the portal's e-mails."),
    Variable(
        "SECURE_SSL_REDIRECT",
        "bool",
        lambda v, e: not v["DEBUG"],
        "Redirect HTTP to HTTPS.",
        "on when DEBUG is off",
    ),
    Variable(
        "SECURE_HSTS_SECONDS",
        "int",
        lambda v, e: 0 if v["DEBUG"] else 31536000,
        "Strict-Transport-Security max-age.",
        "0 while DEBUG; 31536000 (a year) otherwise",
    ),
    Variable("LOG_LEVEL", "str", "WARNING", "Level of the root logger (console)."),
    # --- Operations: probes, metrics, logs (docs/operations.md) ---
    Variable(
        "PORTAL_LOG_FORMAT",
        "str",
        lambda v, e: "text" if v["DEBUG"] else "json",
        "Log lines as `json` (one object per line, with the request id) or `text`.",
        "`text` while DEBUG; `json` otherwise",
    ),
    Variable(
        "PORTAL_ACCESS_LOG",
        "bool",
        True,
        "One line per request on `portal.access` (INFO, whatever LOG_LEVEL); off where nginx's access "
        "log, joined by the request id, is enough.",
    ),
    Variable(
        "PORTAL_METRICS_ALLOWED_IPS",
        "list",
        ["127.0.0.1", "::1"],
        "Client addresses or networks (10.0.5.0/24) that may read /metrics; others get a 404.",
    ),
    Variable(
        "PORTAL_READYZ_TIMEOUT_SECONDS",
        "int",
        2,
        "Longest wait for each dependency /readyz checks (and for the queue length in /metrics).",
    ),
    # --- The portal itself ---
    Variable(
        "PORTAL_BASE_URL",
        "str",
        lambda v, e: "http://127.0.0.1:8000" if v["DEBUG"] else "",
        "The portal's public address, base of links in e-mails sent without a request; "
        "required when DEBUG is off (check portal.E001).",
        "`http://127.0.0.1:8000` while DEBUG; none otherwise",
    ),
    Variable(
        "PORTAL_MAIN_HOSTS",
        "list",
        [],
        "Hosts that always serve the main portal (others are looked up as a unit's own host).",
    ),
    Variable(
        "PORTAL_TRUSTED_PROXIES",
        "int",
        0,
        "Reverse proxies in front of gunicorn (nginx alone: 1); 0: X-Forwarded-For/-Proto ignored.",
    ),
    Variable(
        "PORTAL_BENCH_ENDPOINT",
        "bool",
        False,
        "Serve /bench/minimal/, the ceiling `make bench` measures against; never in production.",
    ),
    Variable(
        "PORTAL_PAGE_CACHE", "bool", True, "Cache whole pages for anonymous visitors (portal.pagecache)."
    ),
    Variable("PORTAL_PAGE_CACHE_SECONDS", "int", 3600, "Longest life of a cached page."),
    Variable(
        "PORTAL_NEAR_CACHE",
        "bool",
        True,
        "With Redis: each worker keeps copies of hot pages and their generations, told of changes by pub/sub "
        "(portal.nearcache), so a hit costs no round trip.",
    ),
    Variable(
        "PORTAL_NEAR_CACHE_SECONDS",
        "int",
        2,
        "Longest a worker trusts its copy of a generation unread (bounds a subscription lost silently).",
    ),
    Variable(
        "PORTAL_NEAR_CACHE_PAGE_MB",
        "int",
        8,
        "Memory each worker gives to its copies of pages (MiB, bodies plain and gzipped).",
    ),
    Variable(
        "PORTAL_API_LICENCE",
        "str",
        "Creative Commons Attribution 4.0 (CC BY 4.0): https://creativecommons.org/licenses/by/4.0/",
        "The licence of the open data, stated in the API's OpenAPI description (/api/v1/).",
    ),
    Variable(
        "PORTAL_API_REQUESTS_PER_MINUTE",
        "int",
        120,
        "Requests per minute an anonymous address may make to the open-data API; then 429 with Retry-After.",
    ),
    Variable(
        "PORTAL_CELERY_VISIBILITY_TIMEOUT",
        "int",
        900,
        "Seconds after which a task taken by a worker that died (SIGKILL, power loss) goes to another.",
    ),
    Variable(
        "PORTAL_CELERY_RESTORE_SECONDS",
        "int",
        30,
        "How often the broker looks for tasks left unacknowledged by a dead worker (seconds).",
    ),
    Variable(
        "PORTAL_BEAT_LOCK_SECONDS",
        "int",
        60,
        "Lifetime of the Celery beat's lock in Redis: a second beat takes over this long after one dies.",
    ),
    Variable(
        "PORTAL_CACHE_BREAKER_FAILURES",
        "int",
        3,
        "Redis timeouts or refusals in a row after which the cache is skipped.",
    ),
    Variable(
        "PORTAL_CACHE_BREAKER_SECONDS", "int", 15, "Seconds the cache is skipped before it is tried again."
    ),
    Variable(
        "PORTAL_SIGN_IN_PER_MINUTE",
        "int",
        10,
        "Sign-in attempts per client address per minute (portal.auth).",
    ),
    Variable(
        "PORTAL_UPLOAD_MAX_BYTES",
        "int",
        20 * _MiB,
        "Largest upload from editors, importers and citizens (20 MiB).",
    ),
    Variable("PORTAL_IMAGE_MAX_BYTES", "int", 10 * _MiB, "Largest image upload (10 MiB)."),
    Variable("PORTAL_IMAGE_MAX_PIXELS", "int", 40_000_000, "Largest image, in pixels."),
    Variable(
        "PORTAL_FORM_MIN_SECONDS", "int", 3, "Public forms sent sooner than this after opening are refused."
    ),
    Variable("PORTAL_FORM_MAX_AGE", "int", 24 * 3600, "Seconds a public form stays valid after opening."),
    Variable("PORTAL_RATE_LIMIT_PER_IP", "int", 10, "Public-form submissions per client address per hour."),
    Variable("PORTAL_RATE_LIMIT_PER_EMAIL", "int", 5, "Public-form submissions per mailbox per day."),
    Variable(
        "PORTAL_ALERTS_CONFIRM_DAYS",
        "int",
        7,
        "Days an e-mail alert's confirmation link works; unconfirmed subscriptions (and their addresses) "
        "are erased after it (Decree 13/2023/NĐ-CP).",
    ),
    Variable(
        "PORTAL_ALERTS_SENDS_PER_HOUR",
        "int",
        2000,
        "E-mail alerts the portal sends per hour at most; the rest wait for the next run.",
    ),
    Variable(
        "PORTAL_ALERTS_DIGEST_HOUR",
        "int",
        7,
        "Local hour the daily and (on Mondays) weekly alert digests leave.",
    ),
    Variable("PORTAL_CAPTCHA_AFTER", "int", 3, "Submissions per address per hour before a captcha is asked."),
    Variable(
        "PORTAL_VIEWS_PUSH_SECONDS",
        "int",
        1,
        "Seconds a process buffers article views before adding them to Redis.",
    ),
    Variable(
        "PORTAL_VISITS_PUSH_SECONDS",
        "int",
        1,
        "Seconds a process buffers visit counts before adding them to Redis.",
    ),
    Variable(
        "PORTAL_VISITS_LOCAL_FLUSH_SECONDS",
        "int",
        60,
        "Without Redis: seconds a process buffers visit counts before writing them to the database.",
    ),
    # --- News ---
    Variable("PORTAL_NEWS_PER_PAGE", "int", 20, "Articles per list page."),
    Variable("PORTAL_NEWS_FEED_ITEMS", "int", 30, "Items in each RSS feed of articles."),
    Variable(
        "PORTAL_NEWS_VIEW_FLUSH_SECONDS",
        "int",
        300,
        "How often buffered view counts are written to the database (read when Celery beat starts).",
    ),
    # --- Documents ---
    Variable(
        "PORTAL_DOCUMENT_POSTING_WORKING_DAYS",
        "int",
        2,
        "Working days after issue within which the issuing agency posts a document "
        "(Decree 43/2011/NĐ-CP Điều 17 k1 c).",
    ),
    Variable("PORTAL_DOCUMENTS_PER_PAGE", "int", 20, "Documents per page of the public finder."),
    Variable("PORTAL_DOCUMENT_FEED_ITEMS", "int", 30, "Items in each RSS feed of documents."),
    Variable("PORTAL_DOCUMENT_HOME_ITEMS", "int", 5, "Items in each home-page block of documents."),
    # --- Administrative procedures and public services ---
    Variable("PORTAL_PROCEDURES_PER_PAGE", "int", 20, "Procedures per page of the public list."),
    Variable(
        "PORTAL_PUBLIC_SERVICES_URL",
        "str",
        "https://dichvucong.gov.vn/",
        "The online public-service portal the home pages' “Dịch vụ công trực tuyến” entry links to when "
        "neither the unit's footer nor the main portal's names one (Decree 42/2022 Điều 4).",
    ),
    Variable(
        "PORTAL_FEEDBACK_URL",
        "str",
        "https://dichvucong.gov.vn/p/home/dvc-phan-anh-kien-nghi.html",
        "Where citizens send feedback on regulations (phản ánh, kiến nghị) when neither the unit's footer "
        "nor the main portal's names an address.",
    ),
    # --- Exports of finders (CSV, XLSX) ---
    Variable(
        "PORTAL_EXPORT_MAX_ROWS",
        "int",
        5000,
        "Most rows a CSV or XLSX export of a finder may hold; a filter matching more is refused with a "
        "message saying how to narrow it (docs/exports.md).",
    ),
    Variable(
        "PORTAL_EXPORTS_PER_MINUTE",
        "int",
        10,
        "Exports an anonymous address may download per minute; then 429 with Retry-After.",
    ),
    # --- Consultations ---
    Variable(
        "PORTAL_CONSULTATION_MIN_OPEN_DAYS",
        "JSON",
        {"law": 60, "decree": 60, "circular": 60, "provincial_resolution": 30, "decision": 30, "other": 30},
        f"Least days open per draft type ({_LPLD} Điều 57, 120, 129; “other”: the portal's rule). "
        "Keys given replace those of the default.",
    ),
    Variable(
        "PORTAL_CONSULTATION_MIN_OPEN_BASIS",
        "JSON",
        {
            "law": _("Law on Promulgation of Legal Documents 2015, Điều 57"),
            "decree": _("Law on Promulgation of Legal Documents 2015, Điều 57"),
            "circular": _("Law on Promulgation of Legal Documents 2015, Điều 57"),
            "provincial_resolution": _("Law on Promulgation of Legal Documents 2015, Điều 120"),
            "decision": _("Law on Promulgation of Legal Documents 2015, Điều 129"),
            "other": _("the portal's own rule"),
        },
        "The rule cited for each draft type's least period (translated). "
        "Keys given replace those of the default.",
    ),
    Variable(
        "PORTAL_CONSULTATION_SHORT_REASON_MIN_CHARS",
        "int",
        20,
        f"Shortest reason accepted for a period below the minimum ({_LPLD} Điều 146–147).",
    ),
    Variable(
        "PORTAL_CONSULTATION_SHORT_WINDOW_BASIS",
        "str",
        _("Law on Promulgation of Legal Documents 2015, Điều 146–147 (shortened procedure)"),
        "The rule cited when a shorter period is approved (translated when left unset).",
    ),
    Variable(
        "PORTAL_CONSULTATION_OUTCOME_DUE_DAYS",
        "int",
        30,
        "Days after closing by which the report on the comments is published "
        "(Access to Information Law 2016 Điều 17 k1 c; no day count, the portal's default).",
    ),
    Variable(
        "PORTAL_CONSULTATION_PREMODERATION",
        "bool",
        True,
        "Comments wait for a moderator before they appear (each draft may turn it off).",
    ),
    Variable(
        "PORTAL_CONSULTATION_RETENTION_DAYS",
        "int",
        365,
        "Days after the outcome that commenters' e-mail and phone are kept (Decree 13/2023/NĐ-CP Điều 11).",
    ),
    Variable(
        "PORTAL_CONSULTATION_REMINDER_DAYS",
        "int",
        7,
        "Days between two reminders that an outcome is overdue.",
    ),
    # --- Citizens' questions ---
    Variable(
        "PORTAL_QA_ANSWER_WORKING_DAYS",
        "int",
        15,
        "Working days from receipt to answer, or tell when (Decree 43/2011/NĐ-CP Điều 17 k1 đ).",
    ),
    Variable(
        "PORTAL_QA_DUE_SOON_WORKING_DAYS", "int", 3, "Reminders start when this many working days are left."
    ),
    Variable(
        "PORTAL_QA_VERY_OVERDUE_WORKING_DAYS",
        "int",
        5,
        "Working days past the deadline after which a question goes to the portal's editors.",
    ),
    Variable(
        "PORTAL_QA_EXTENSION_MAX_WORKING_DAYS",
        "int",
        15,
        "Longest single extension (Decree 43/2011/NĐ-CP Điều 17 k1 đ).",
    ),
    Variable(
        "PORTAL_QA_UNCONFIRMED_DAYS",
        "int",
        7,
        "Days after which unconfirmed questions are deleted (Decree 13/2023/NĐ-CP, data minimisation).",
    ),
    Variable(
        "PORTAL_QA_RETENTION_YEARS",
        "int",
        5,
        "Years the asker's contact data is kept after the question ends (Decree 13/2023/NĐ-CP Điều 11).",
    ),
    Variable("PORTAL_QA_MAX_ATTACHMENTS", "int", 3, "Files a citizen may attach to a question."),
    Variable(
        "PORTAL_QA_ATTACHMENT_MAX_BYTES", "int", 5 * _MiB, "Largest file attached to a question (5 MiB)."
    ),
    # --- Reports and compliance checks ---
    Variable(
        "PORTAL_STALE_DAYS",
        "int",
        30,
        "Days without a new item after which a site is stale (Decree 43/2011/NĐ-CP Điều 17 k1 a).",
    ),
    Variable(
        "PORTAL_SECTION_STALE_DAYS",
        "int",
        30,
        "Days without a new item after which a required section is not updated "
        "(Decree 43/2011/NĐ-CP Điều 10, Điều 17 k1 a; Decree 42/2022/NĐ-CP Điều 4).",
    ),
    Variable(
        "PORTAL_DEADLINE_DOCUMENT_ISSUER_DAYS",
        "int",
        2,
        "Check: working days within which the issuer posts a document (Decree 43/2011/NĐ-CP Điều 17 k1 c).",
    ),
    Variable(
        "PORTAL_DEADLINE_DOCUMENT_APPLYING_DAYS",
        "int",
        10,
        "Check: working days within which an agency a document applies to posts it "
        "(Decree 43/2011/NĐ-CP Điều 17 k1 c).",
    ),
    Variable(
        "PORTAL_DEADLINE_LEGAL_GUIDANCE_DAYS",
        "int",
        15,
        "Check: working days within which legal guidance is posted (Decree 43/2011/NĐ-CP Điều 17 k1 b).",
    ),
    Variable(
        "PORTAL_DEADLINE_PLAN_DAYS",
        "int",
        10,
        "Check: working days within which plans, projects and bidding notices are posted "
        "(Decree 43/2011/NĐ-CP Điều 17 k1 d).",
    ),
    Variable(
        "PORTAL_DEADLINE_OTHER_DAYS",
        "int",
        5,
        "Check: working days within which other information is posted "
        "(Access to Information Law 2016 Điều 18 k4).",
    ),
    Variable(
        "PORTAL_ENGLISH_PAGES_GRACE_DAYS",
        "int",
        0,
        "Days English organisation and contact pages may lag their Vietnamese source "
        "(Decree 42/2022/NĐ-CP Điều 7 k2).",
    ),
    Variable(
        "PORTAL_BUDGET_ESTIMATE_REQUIRED",
        "int",
        1,
        "1: units that disclose budgets are flagged until the year's estimate is posted "
        "(Circular 61/2017/TT-BTC Điều 6, 11); 0: off.",
    ),
    Variable("PORTAL_COMPLIANCE_WINDOW_DAYS", "int", 90, "Days up to today the compliance page covers."),
    Variable(
        "PORTAL_PRIVATE_ROOT",
        "path",
        lambda v, e: Path(v["MEDIA_ROOT"]).parent / "private",
        "Folder of private files (attachments, citizens' files, reports) when S3 is unset; never served.",
        "`private/` beside MEDIA_ROOT",
    ),
    Variable(
        "PORTAL_REPORT_CONTENT_SOURCES",
        "str",
        "reports.sources_db.DatabaseSources",
        "Dotted path of the class reports read content through (reports.sources).",
    ),
    Variable(
        "PORTAL_REPORT_STALL_MINUTES",
        "int",
        10,
        "Minutes without progress after which a report generation is shown as stalled.",
    ),
    Variable(
        "PORTAL_REPORT_KHMER_FONT", "str", "Khmer OS", "Complex-script font of Khmer text in DOCX reports."
    ),
    Variable(
        "PORTAL_REPORT_ISSUER_PARENT",
        "str",
        "UBND TỈNH TRÀ VINH",
        "Report heading: the parent body (Decree 30/2020/NĐ-CP Điều 8 k2).",
    ),
    Variable("PORTAL_REPORT_ISSUER", "str", "BAN BIÊN TẬP CỔNG TTĐT", "Report heading: the issuing body."),
    Variable("PORTAL_REPORT_SYMBOL", "str", "BC-BBT", "Report number's symbol."),
    Variable("PORTAL_REPORT_PLACE", "str", "Trà Vinh", "Place named before the report's date."),
    Variable("PORTAL_REPORT_SIGNER_AUTHORITY", "str", "KT. TRƯỞNG BAN", "Signature block: authority."),
    Variable("PORTAL_REPORT_SIGNER_POSITION", "str", "PHÓ TRƯỞNG BAN", "Signature block: position."),
    Variable("PORTAL_REPORT_SIGNER_TITLE", "str", "PHÓ CHÁNH VĂN PHÒNG UBND TỈNH", "Signature block: title."),
    Variable("PORTAL_REPORT_SIGNER_NAME", "str", "", "Signature block: the signer's name."),
    Variable(
        "PORTAL_REPORT_RECIPIENTS",
        "str",
        "UBND tỉnh (b/c);\nBBT Cổng TTĐT;\nLưu VT, THCB.",
        "Recipients (Nơi nhận), one per line.",
    ),
)

# PORTAL_* settings config/settings.py sets that no operator may change, and why.
SET_BY_CODE = {
    "PORTAL_LANGUAGE_NAMES": "each language in its own name, from LANGUAGES",
    "PORTAL_PUBLIC_MEDIA_PREFIXES": "the only MEDIA_ROOT folders served publicly: a security boundary",
    "PORTAL_UNIT_PATH_PREFIX": "part of every component site's URLs (/don-vi/<key>/)",
}

BY_NAME = {variable.name: variable for variable in VARIABLES}


def _parse(variable: Variable, raw: str) -> Any:
    """The value of one variable set in the environment; ValueError says what is wrong."""
    if variable.type == "int":
        try:
            return int(raw.strip())
        except ValueError:
            raise ValueError(f"{raw!r} is not a whole number") from None
    if variable.type == "bool":
        if re.fullmatch(r"\s*-?\d+\s*", raw):  # as django-environ reads them: any number but 0 is true
            return int(raw) != 0
        if raw.strip().lower() in _TRUE:
            return True
        if raw.strip().lower() in _FALSE:
            return False
        raise ValueError(f"{raw!r} is not true or false (true, on, yes, 1 / false, off, no, 0)")
    if variable.type == "list":
        return [item.strip() for item in raw.split(",") if item.strip()]
    if variable.type == "path":
        return Path(raw)
    if variable.type == "JSON":
        try:
            value = json.loads(raw)
        except ValueError as error:
            raise ValueError(f"{raw!r} is not JSON ({error})") from None
        if isinstance(variable.default, dict):
            if not isinstance(value, dict):
                raise ValueError(f"{raw!r} is not a JSON object")
            return {**variable.default, **value}
        return value
    return raw


# The order of VARIABLES, except that DEBUG comes first: other defaults depend on it.
def _reading_order() -> list[Variable]:
    return [BY_NAME["DEBUG"], *(v for v in VARIABLES if v.name != "DEBUG")]


def read(environ: Mapping[str, str]) -> dict[str, Any]:
    """Every declared setting, from `environ` or its default. Raises ImproperlyConfigured naming each
    variable whose value is not of its type."""
    values: dict[str, Any] = {}
    errors: list[str] = []
    for variable in _reading_order():
        raw = environ.get(variable.name)
        if raw is not None:
            try:
                values[variable.name] = _parse(variable, raw)
            except ValueError as error:
                errors.append(f"{variable.name}: {error}")
        elif callable(variable.default):
            values[variable.name] = variable.default(values, environ)
        else:
            values[variable.name] = variable.default
    if errors:
        raise ImproperlyConfigured("Bad environment variables: " + "; ".join(errors))
    return values


def _shown(variable: Variable) -> str:
    if variable.shown_default:
        return variable.shown_default
    default = variable.default
    if variable.type == "bool":
        return "`true`" if default else "`false`"
    if variable.type == "list":
        return f"`{','.join(default)}`" if default else "empty"
    if variable.type == "JSON":
        return "`" + json.dumps(default, ensure_ascii=False, default=str, separators=(",", ":")) + "`"
    if default == "":
        return "empty"
    return "`" + str(default).replace("\n", "\\n") + "`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table() -> str:
    """The Markdown table of every variable: name, type, default, meaning (untranslated defaults)."""
    lines = ["| Variable | Type | Default | Meaning |", "|---|---|---|---|"]
    with translation.override(None):
        for variable in VARIABLES:
            cells = (f"`{variable.name}`", variable.type, _cell(_shown(variable)), _cell(variable.meaning))
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
