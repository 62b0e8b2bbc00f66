"""The reorganisation's management commands as an operator runs them: `manage.py unit_merge …` in a
real process, reading its output and exit code, with bad and hostile input. Commands speak the
portal's language (Vietnamese), as the operator reads them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from subsites.models import Unit, UnitName

pytestmark = pytest.mark.django_db


def test_merge_prints_what_it_did_and_what_moved(unit_a, unit_b, capsys):
    call_command("unit_merge", "sotp", "--into", "soyt", "--on", "2025-07-01")
    out = capsys.readouterr().out
    assert "Đã hợp nhất sotp vào soyt từ ngày 2025-07-01." in out
    assert "membership_offers: 0" in out
    assert Unit.objects.get(key="sotp").successor.key == "soyt"


def test_merge_again_says_there_is_nothing_to_do(unit_a, unit_b, capsys):
    call_command("unit_merge", "sotp", "--into", "soyt", "--on", "2025-07-01")
    capsys.readouterr()
    call_command("unit_merge", "sotp", "--into", "soyt", "--on", "2025-07-01")
    assert "Không có gì để làm: thay đổi này đã được thực hiện." in capsys.readouterr().out


def test_merge_creates_the_named_target(unit_a, unit_b):
    call_command(
        "unit_merge", "sotp", "soyt", "--into", "sotpyt", "--name", "Sở Tư pháp – Y tế", "--on", "2025-07-01"
    )
    assert Unit.objects.get(key="sotpyt").name_vi == "Sở Tư pháp – Y tế"


@pytest.mark.parametrize(
    "args, message",
    [
        (["unit_merge", "nope", "--into", "soyt", "--on", "2025-07-01"], "Không có đơn vị nào có mã “nope”."),
        (["unit_merge", "sotp", "--into", "soyt", "--on", "2025-13-01"], "“2025-13-01” không phải là ngày"),
        (["unit_merge", "sotp", "--into", "soyt", "--on", "hôm qua"], "không phải là ngày"),
        (
            ["unit_merge", "sotp", "--into", "sotp", "--on", "2025-07-01"],
            "Không thể hợp nhất đơn vị vào chính nó",
        ),
        (
            ["unit_merge", "sotp", "--into", "<b>x</b>", "--name", "X", "--on", "2025-07-01"],
            "không phải là mã hợp lệ",
        ),
        (["unit_rename", "sotp", "--name", "Sở\x07mới", "--on", "2025-07-01"], "không có ký tự điều khiển"),
        (["unit_rename", "nope", "--name", "Sở mới", "--on", "2025-07-01"], "Không có đơn vị nào có mã"),
        (["unit_move", "sotp", "--parent", "sotp", "--on", "2025-07-01"], "dưới chính nó"),
        (
            ["unit_close", "tinh", "--on", "2025-07-01"],
            "Cổng thông tin chính không bao giờ chấm dứt hoạt động.",
        ),
        (["unit_close", "sotp", "--on", "2025-07-01", "--successor", "nope"], "Không có đơn vị nào có mã"),
    ],
)
def test_bad_input_is_refused_with_a_message(unit_a, unit_b, args, message):
    with pytest.raises(CommandError, match=message):
        call_command(*args)
    assert not Unit.objects.filter(ceased_on__isnull=False).exists()
    assert not UnitName.objects.exists()


def test_a_hostile_key_is_echoed_without_its_control_characters(unit_a):
    with pytest.raises(CommandError) as refused:
        call_command("unit_close", "x\x1b[2J\x00<script>", "--on", "2025-07-01")
    assert "\x1b" not in str(refused.value) and "\x00" not in str(refused.value)
    assert "x?[2J?<script>" in str(refused.value)


def test_rename_move_close_through_the_commands(unit_a, unit_b, capsys):
    call_command("unit_rename", "sotp", "--name", "Sở Tư pháp mới", "--on", "2025-07-01")
    call_command("unit_move", "sotp", "--parent", "soyt", "--on", "2025-07-01")
    call_command("unit_close", "sotp", "--on", "2025-08-01")
    out = capsys.readouterr().out
    assert "Đã đổi tên sotp từ ngày 2025-07-01." in out
    assert "Đã chuyển sotp về trực thuộc soyt từ ngày 2025-07-01." in out
    assert "Đã chấm dứt hoạt động sotp từ ngày 2025-08-01." in out


@pytest.mark.django_db(transaction=True)
def test_the_exit_code_of_a_refusal_in_a_real_process(unit_a, tmp_path):
    """The operator's shell sees exit code 1 and the reason on stderr; success exits 0."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3") and str(db["NAME"]).startswith(("file:memorydb", ":memory:")):
        pytest.skip("the test database lives in this process's memory")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env["DATABASE_URL"] = _database_url(db)
    manage = Path(settings.BASE_DIR) / "manage.py"
    bad = subprocess.run(
        [sys.executable, str(manage), "unit_close", "sotp", "--on", "31/12/2025"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert bad.returncode == 1
    assert "không phải là ngày: hãy viết theo dạng YYYY-MM-DD" in bad.stderr
    good = subprocess.run(
        [sys.executable, str(manage), "unit_close", "sotp", "--on", "2025-12-31"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert good.returncode == 0, good.stderr
    assert "Đã chấm dứt hoạt động sotp từ ngày 2025-12-31." in good.stdout


def _database_url(db) -> str:
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"
