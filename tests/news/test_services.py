"""The article workflow through the services: states, the two-person rule, slugs, revisions, sanitising."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from news import services
from news.enums import Status
from news.models import Article, ArticleRevision
from portal.cache import generations
from portal.models import AuditEntry
from subsites.enums import Role

from ..factories.subsites import SectionFactory, member
from .conftest import publish, write_article

pytestmark = pytest.mark.django_db


def test_create_is_a_draft_with_folded_slug_revision_and_audit(unit_a, editor_a):
    article = write_article(unit_a, editor_a, title="Đồng bào Khmer đón Tết Chôl Chnăm Thmây", photos=0)
    assert article.status == Status.DRAFT
    assert article.slug == "dong-bao-khmer-don-tet-chol-chnam-thmay"
    assert article.version_author == editor_a
    assert ArticleRevision.objects.filter(article=article, action="create").exists()
    assert AuditEntry.objects.filter(action="article.create", object_id=str(article.pk)).exists()
    assert "chol chnam" in article.search_text


def test_slug_collision_gives_a_distinct_slug_per_unit(unit_a, unit_b, editor_a):
    first = write_article(unit_a, editor_a, title="Thông báo", photos=0)
    second = write_article(unit_a, editor_a, title="Thông báo", photos=0)
    third = write_article(unit_a, editor_a, title="THÔNG BÁO!", photos=0)
    assert (first.slug, second.slug, third.slug) == ("thong-bao", "thong-bao-2", "thong-bao-3")
    other = member(unit_b, Role.EDITOR)
    assert write_article(unit_b, other, title="Thông báo", photos=0).slug == "thong-bao"


def test_slug_is_stable_after_publication(unit_a, editor_a, approver_a):
    article = write_article(unit_a, editor_a, title="Tiêu đề ban đầu")
    services.article_update(article=article, acting_user=editor_a, title_vi="Tiêu đề sửa trước khi đăng")
    assert article.slug == "tieu-de-sua-truoc-khi-dang"
    publish(article, editor_a, approver_a)
    article.refresh_from_db()
    services.article_update(article=article, acting_user=approver_a, title_vi="Tiêu đề sửa sau khi đăng")
    article.refresh_from_db()
    assert article.slug == "tieu-de-sua-truoc-khi-dang"


def test_workflow_draft_pending_published_archived(unit_a, editor_a, approver_a):
    article = write_article(unit_a, editor_a)
    generation = generations(("news", unit_a.pk))
    services.article_submit(article=article, acting_user=editor_a)
    services.article_publish(article=article, acting_user=approver_a)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.is_public
    assert generations(("news", unit_a.pk)) != generation
    assert Article.objects.visible("vi").filter(pk=article.pk).exists()
    services.article_unpublish(article=article, acting_user=approver_a)
    assert not Article.objects.visible("vi").filter(pk=article.pk).exists()
    services.article_archive(article=article, acting_user=approver_a)
    article.refresh_from_db()
    assert article.status == Status.ARCHIVED
    with pytest.raises(PermissionDenied):
        services.article_update(article=article, acting_user=approver_a, title_vi="x")


def test_author_of_a_version_cannot_approve_it(unit_a, approver_a):
    article = write_article(unit_a, approver_a)
    services.article_submit(article=article, acting_user=approver_a)
    with pytest.raises(PermissionDenied):
        services.article_publish(article=article, acting_user=approver_a)
    other = member(unit_a, Role.APPROVER)
    services.article_publish(article=article, acting_user=other)
    assert AuditEntry.objects.filter(action="article.publish", actor=other).exists()


def test_changing_the_text_makes_the_changer_the_version_author(unit_a, editor_a, approver_a):
    article = write_article(unit_a, editor_a)
    services.article_update(article=article, acting_user=approver_a, body_vi="<p>Sửa lại.</p>")
    services.article_submit(article=article, acting_user=editor_a)
    with pytest.raises(PermissionDenied):
        services.article_publish(article=article, acting_user=approver_a)


def test_emergency_permission_publishes_own_draft_and_is_logged(unit_a, approver_a):
    approver_a.user_permissions.add(Permission.objects.get(codename="publish_without_review"))
    approver = type(approver_a).objects.get(pk=approver_a.pk)
    article = write_article(unit_a, approver)
    services.article_publish(article=article, acting_user=approver)
    assert AuditEntry.objects.filter(action="article.publish_without_review", actor=approver).exists()


def test_emergency_permission_does_not_reach_other_units(unit_b, approver_a):
    approver_a.user_permissions.add(Permission.objects.get(codename="publish_without_review"))
    writer = member(unit_b, Role.EDITOR)
    article = write_article(unit_b, writer)
    with pytest.raises(PermissionDenied):
        services.article_publish(article=article, acting_user=type(approver_a).objects.get(pk=approver_a.pk))


def test_alt_text_required_before_publication(unit_a, editor_a, approver_a):
    article = write_article(unit_a, editor_a)
    photo = article.photos.get()
    photo.alt_text_vi = ""
    services.photo_update(photo=photo, acting_user=editor_a)
    services.article_submit(article=article, acting_user=editor_a)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.article_publish(article=article, acting_user=approver_a)
    assert error.value.messages == [
        "Photos without alternative text: 1. Describe each photo for blind readers."
    ]
    article.refresh_from_db()
    assert article.status == Status.PENDING


def test_scheduled_publication_keeps_the_future_moment(unit_a, editor_a, approver_a):
    article = write_article(unit_a, editor_a)
    at = timezone.now() + timezone.timedelta(days=2)
    publish(article, editor_a, approver_a, at=at)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.published_at == at
    assert not Article.objects.visible("vi").filter(pk=article.pk).exists()
    assert Article.objects.visible("vi", at=at).filter(pk=article.pk).exists()


def test_sections_must_be_article_sections_of_the_same_unit(unit_a, unit_b, editor_a, news_section_a):
    article = write_article(unit_a, editor_a, photos=0)
    foreign = SectionFactory(unit=unit_b, kind="articles")
    with pytest.raises(ValidationError):
        services.article_update(article=article, acting_user=editor_a, sections=[foreign])
    services.article_update(article=article, acting_user=editor_a, sections=[news_section_a])
    assert list(article.sections.all()) == [news_section_a]


def test_revision_restore_brings_back_the_text_as_a_new_revision(unit_a, editor_a):
    article = write_article(unit_a, editor_a, title="Bản đầu tiên", photos=0)
    services.article_update(article=article, acting_user=editor_a, title_vi="Bản thứ hai")
    first = article.revisions.get(action="create")
    services.revision_restore(revision=first, acting_user=editor_a)
    article.refresh_from_db()
    assert article.title_vi == "Bản đầu tiên"
    assert article.revisions.count() == 3
    assert AuditEntry.objects.filter(action="article.revision_restore").exists()


def test_editor_of_another_unit_cannot_create_or_change(unit_a, unit_b, editor_a):
    intruder = member(unit_b, Role.EDITOR)
    with pytest.raises(PermissionDenied):
        write_article(unit_a, intruder)
    article = write_article(unit_a, editor_a, photos=0)
    with pytest.raises(PermissionDenied):
        services.article_update(article=article, acting_user=intruder, title_vi="x")


def test_main_portal_approver_promotes_a_units_article(main_portal, unit_a, editor_a, approver_a):
    article = write_article(unit_a, editor_a, main_portal_requested=True)
    publish(article, editor_a, approver_a)
    with pytest.raises(PermissionDenied):
        services.article_promote_to_main(article=article, acting_user=approver_a)
    main_approver = member(main_portal, Role.APPROVER)
    services.article_promote_to_main(article=article, acting_user=main_approver)
    article.refresh_from_db()
    assert article.promoted_to_main


# A selection of the OWASP XSS filter evasion cheat sheet.
XSS_PAYLOADS = [
    "<script>alert('XSS')</script>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="' + "".join(f"&#{ord(c):07d}" for c in "javascript:alert('XSS')") + '">',
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<iframe src=http://xss.rocks/scriptlet.html <",
    '<svg/onload=alert("XSS")>',
    '<a href="javascript:alert(1)">bấm</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<div style=\"background-image: url(javascript:alert('XSS'))\">x</div>",
    "<p style=\"width: expression(alert('XSS'));\">x</p>",
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+">',
    '<iframe src="https://evil.example/embed/x"></iframe>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]
DANGEROUS_TAGS = {"script", "style", "meta", "object", "embed", "svg", "math", "form", "base", "link", "body"}


class _Dangers(HTMLParser):
    """Collects what a browser could execute: dangerous tags, event handlers, styles, script URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.found.append(tag)
        for name, value in attrs:
            scheme = re.sub(r"[\s\x00-\x1f]", "", value or "").lower().split(":", 1)
            if name.startswith("on") or name == "style":
                self.found.append(name)
            elif name in {"href", "src", "action", "data", "background"} and len(scheme) == 2:
                # Only a letter-led scheme is a scheme; "`javascript:" is a harmless relative path.
                if re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme[0]) and scheme[0] not in {"http", "https"}:
                    self.found.append(f"{name}={value}")
            if tag == "iframe" and name == "src" and "youtube" not in (value or ""):
                self.found.append(f"iframe {value}")


def dangers(html: str) -> list[str]:
    parser = _Dangers()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_are_neutralised_through_the_service(unit_a, editor_a, payload):
    article = write_article(unit_a, editor_a, photos=0)
    services.article_update(article=article, acting_user=editor_a, body_vi=f"<p>Trước</p>{payload}<p>Sau</p>")
    article.refresh_from_db()
    assert not dangers(article.body_vi), article.body_vi
    assert "Trước" in article.body_vi


def test_youtube_embeds_survive_sanitising(unit_a, editor_a):
    article = write_article(unit_a, editor_a, photos=0)
    embed = '<iframe src="https://www.youtube-nocookie.com/embed/abc123" title="Video"></iframe>'
    services.article_update(article=article, acting_user=editor_a, body_vi=embed)
    assert "youtube-nocookie.com/embed/abc123" in Article.objects.get(pk=article.pk).body_vi


def test_only_unit_administrators_delete_and_it_is_audited(unit_a, editor_a, unit_admin_a):
    article = write_article(unit_a, editor_a)
    with pytest.raises(PermissionDenied):
        services.article_delete(article=article, acting_user=editor_a)
    services.article_delete(article=article, acting_user=unit_admin_a)
    assert not Article.objects.filter(pk=article.pk).exists()
    assert AuditEntry.objects.filter(action="article.delete", actor=unit_admin_a).exists()
