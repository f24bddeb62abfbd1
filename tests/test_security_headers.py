"""Response headers: no client data in a browser's or proxy's cache, a Content-Security-Policy
that allows no inline script, and production settings that pass `check --deploy`."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pages_support import login
from tests.test_placements_support import job_search_enrollment, make_employer, placement_payload
from tyopolku.accounts.services import api_token_create

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "tyopolku" / "templates", *ROOT.glob("tyopolku/*/templates")]

# What a Content-Security-Policy without 'unsafe-inline' would block (or what needs it).
INLINE = {
    # A JSON data block is not run, so the policy does not stop it.
    "inline script": re.compile(r"<script\b(?![^>]*\b(?:src=|type=\"application/json\"))", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "hx-on attribute": re.compile(r"\shx-on", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def inline_code(html: str) -> list[str]:
    return [name for name, pattern in INLINE.items() if pattern.search(html)]


@pytest.fixture
def pages(api_as, org, coach, client_record, supervisor):
    """Every kind of page that shows client data, as (user, url)."""
    enrollment = job_search_enrollment(client_record, coach)
    employer = make_employer(org)
    placement = api_as(coach).post(
        f"/enrollments/{enrollment.pk}/placements", placement_payload(employer)
    ).json()
    return [
        (coach, "/"),
        (coach, "/clients/"),
        (coach, f"/clients/{client_record.pk}/"),
        (coach, f"/clients/{client_record.pk}/edit/"),
        (coach, f"/enrollments/{enrollment.pk}/"),
        (coach, f"/enrollments/{enrollment.pk}/visits/new/"),
        (coach, f"/enrollments/{enrollment.pk}/placements/new/"),
        (coach, f"/placements/{placement['id']}/"),
        (coach, f"/enrollments/{enrollment.pk}/suggestions/"),
        (coach, f"/enrollments/{enrollment.pk}/preferences/"),
        (coach, f"/employers/{employer.pk}/"),
        (coach, "/account/tokens/"),
        (supervisor, f"/clients/{client_record.pk}/access-log/"),
        (supervisor, "/employers/import/"),
        (supervisor, "/employers/privacy/"),
    ]


def test_it_sends_client_pages_with_no_store_and_the_policy(client, pages):
    for user, url in pages:
        response = login(client, user).get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy, url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert inline_code(response.content.decode()) == [], url


def test_it_sends_api_answers_with_no_store(client, coach, client_record):
    headers = {"Authorization": f"Bearer {api_token_create(user=coach)}"}
    for url in ["/api/v1/clients", f"/api/v1/clients/{client_record.pk}", "/api/v1/me"]:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    # An error answer too: it may name what was asked for.
    response = client.get("/api/v1/clients/0", headers=headers)
    assert "no-store" in response["Cache-Control"]


def test_it_sends_the_login_page_with_the_policy(client, db):
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "style-src 'self'" in policy
    assert "no-store" in response["Cache-Control"]


def test_it_serves_the_api_docs_without_inline_script(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert inline_code(html) == []
    assert "cdn." not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html


@pytest.mark.parametrize(
    "path", sorted(p for d in TEMPLATE_DIRS for p in d.rglob("*.html")), ids=lambda p: p.name
)
def test_it_keeps_inline_code_out_of_the_templates(path):
    assert inline_code(path.read_text()) == []


@pytest.mark.parametrize(
    "sample",
    [
        "<script>alert(1)</script>",
        '<script type="module">alert(1)</script>',
        '<b onclick="x()">',
        '<p style="color:red">',
        '<div hx-on:click="x">',
    ],
)
def test_it_would_notice_inline_code(sample):
    assert inline_code(sample) != []


def _production_env(**changes: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DJANGO_"))}
    env.pop("DEBUG", None)
    env.update(
        DJANGO_SETTINGS_MODULE="tyopolku.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        THL_PSEUDONYM_KEY=secrets.token_urlsafe(32),
        ALLOWED_HOSTS="tyopolku.example.fi",
    )
    return env | changes


def _check_deploy(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_it_passes_the_deployment_checks_with_the_production_defaults():
    result = _check_deploy(_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_would_fail_the_deployment_checks_without_https():
    result = _check_deploy(_production_env(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0"))
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout
