"""200 concurrent comment submissions against gunicorn (2 workers) and PostgreSQL: nothing lost.

Every accepted submission (302) is stored exactly once; every refused one (a bad e-mail address,
on purpose) answers with the form and a message saying what is wrong; nothing answers 500.
The citizens' question form gets the same test.
"""

from __future__ import annotations

import http.client
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest

from citizen_qa.models import Question
from consultations.models import Comment
from tests.factories.consultations import DraftFactory, add_text

from .harness import BIN, free_port, require_postgres, server_env, spawn, stop, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SUBMISSIONS = 200
INVALID_EVERY = 10  # every tenth has a malformed e-mail address and must be refused with a reason


@pytest.fixture
def gunicorn(unit_a, tmp_path_factory):
    """Started after the units exist: the server caches its unit index on the first request."""
    require_postgres()
    port = free_port()
    env = server_env(
        PORTAL_FORM_MIN_SECONDS="0",
        PORTAL_RATE_LIMIT_PER_IP="100000",
        PORTAL_RATE_LIMIT_PER_EMAIL="100000",
        PORTAL_CAPTCHA_AFTER="100000",
        CACHE_KEY_PREFIX=f"load-{uuid.uuid4().hex[:8]}",
    )
    process = spawn(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "-w",
            "2",
            "--threads",
            "4",
            "-b",
            f"127.0.0.1:{port}",
            "-t",
            "60",
        ],
        env=env,
        log=tmp_path_factory.mktemp("gunicorn") / "gunicorn.log",
    )
    wait_until(lambda: _get(port, "/robots.txt")[0] == 200, timeout=30, what="gunicorn", process=process)
    yield port
    stop(process)


def _get(port: int, path: str, headers=None):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return (
            response.status,
            response.read().decode(errors="replace"),
            response.getheader("Set-Cookie") or "",
        )
    except OSError:
        return 0, "", ""


def _post(port: int, path: str, body: dict, cookie: str):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    conn.request("POST", path, body=urlencode(body), headers=headers)
    response = conn.getresponse()
    return response.status, response.read().decode(errors="replace")


def _form_tokens(port: int, url: str) -> tuple[str, str, str]:
    status, page, set_cookie = _get(port, url)
    assert status == 200, page[-2000:]
    csrf_cookie = re.search(r"csrftoken=([^;]+)", set_cookie).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)
    return csrf_cookie, token, started


def _check(results, stored_count) -> int:
    """Every accepted submission stored exactly once, every refused one told why; returns how many."""
    problems = []
    accepted = 0
    for i, status, body in results:
        stored = stored_count(i)
        if status == 302:
            accepted += 1
            if stored != 1:
                problems.append(f"#{i}: accepted but stored {stored} times")
        elif status == 200:
            if stored:
                problems.append(f"#{i}: refused but stored")
            if 'class="errorlist' not in body:
                problems.append(f"#{i}: refused without saying why")
            if i % INVALID_EVERY:
                problems.append(f"#{i}: a valid submission was refused")
        else:
            problems.append(f"#{i}: status {status}")
    assert not problems, "\n".join(problems[:30])
    assert accepted == SUBMISSIONS - SUBMISSIONS // INVALID_EVERY
    return accepted


def _email(i: int) -> str:
    return "khong-phai-email" if i % INVALID_EVERY == 0 else f"nguoi.dan.{i}@mail.example"


def test_concurrent_questions_are_stored_exactly_once(gunicorn, unit_a):
    from tests.factories.citizen_qa import FieldFactory

    field = FieldFactory()
    url = "/vi/hoi-dap/dat-cau-hoi/"

    def submit(i: int):
        csrf_cookie, token, started = _form_tokens(gunicorn, url)  # a form token serves one submission
        body = {
            "csrfmiddlewaretoken": token, "started": started, "field": field.pk,
            "title": f"Câu hỏi số {i} [ma-{i:04d}]", "body": "Thủ tục đăng ký hộ kinh doanh cần giấy tờ gì?",
            "name": f"Người dân {i}", "email": _email(i), "display_mode": "initials", "consent": "on",
            "allow_publication": "on",
        }  # fmt: skip
        return i, *_post(gunicorn, url, body, f"csrftoken={csrf_cookie}")

    with ThreadPoolExecutor(max_workers=SUBMISSIONS) as pool:
        results = list(pool.map(submit, range(SUBMISSIONS)))
    accepted = _check(results, lambda i: Question.objects.filter(title__contains=f"[ma-{i:04d}]").count())
    assert Question.objects.count() == accepted


def test_concurrent_comments_are_stored_exactly_once(gunicorn, unit_a):
    draft = DraftFactory(unit=unit_a, scheduled=True)
    add_text(draft)
    url = draft.get_absolute_url()

    def submit(i: int):
        csrf_cookie, token, started = _form_tokens(gunicorn, url)  # a form token serves one submission
        body = {
            "csrfmiddlewaretoken": token,
            "started": started,
            "text": f"Góp ý số {i}: đề nghị bổ sung điều khoản [ma-{i:04d}]",
            "name": f"Người dân {i}",
            "kind": "individual",
            "email": _email(i),
            "consent": "on",
            "article": "",
        }
        return i, *_post(gunicorn, url, body, f"csrftoken={csrf_cookie}")

    with ThreadPoolExecutor(max_workers=SUBMISSIONS) as pool:
        results = list(pool.map(submit, range(SUBMISSIONS)))
    accepted = _check(
        results, lambda i: Comment.objects.filter(draft=draft, text__contains=f"[ma-{i:04d}]").count()
    )
    assert Comment.objects.filter(draft=draft).count() == accepted
