"""Content-Security-Policy (django-csp): nothing runs or styles the pages but the platform's own files (issue 16)."""
import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S)


def test_the_policy_allows_the_one_inline_script_by_its_hash():
    scripts = INLINE_SCRIPT.findall((TEMPLATES / "base.html").read_text())
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert settings.GOVUK_JS_ENABLED_SHA256 == f"sha256-{digest}", "base.html's inline script changed: update its hash"


@pytest.mark.parametrize("template", sorted(p for p in TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_needs_an_inline_script_handler_or_style(template):
    text = template.read_text()
    assert not re.search(r"\sstyle=\"", text), "style attributes are refused by style-src 'self': use a class"
    assert not re.search(r"\son[a-z]+=\"", text), "inline event handlers are refused by script-src: use a module"
    if template.name != "base.html":
        assert not INLINE_SCRIPT.findall(text), "inline scripts are refused by the policy: use a static file"


@pytest.mark.parametrize("path", ["/accounts/sign-in/", "/api/v1/docs"])
def test_pages_are_sent_the_policy(client, db, path):
    policy = client.get(path)["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert f"script-src 'self' '{settings.GOVUK_JS_ENABLED_SHA256}'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_a_nul_in_a_page_address_is_refused_with_400(client, db):
    assert client.get("/registry/councils/", {"region": "E12\x00"}).status_code == 400
    assert client.get("/registry/councils/", {"region": "E12000006"}).status_code in (200, 302)
