"""The production settings serve pages: static files collected into a manifest, and the main pages answer 200.

(`check --deploy` being clean said nothing about this: a stylesheet naming a missing file once made collectstatic
fail, leaving no manifest, so every page answered 500.) Runs in real processes, as a deployment would.
"""
import os
import subprocess
import sys

import pytest

PAGES = ["/", "/registry/partnerships/", "/registry/councils/", "/projects/", "/ledger/", "/care/", "/impact/",
         "/methodology/", "/jobs/", "/accounts/tokens/"]

SERVE_PAGES = """
import django, re, sys
django.setup()
from django.test import Client
from riep.accounts.models import User

client = Client(HTTP_X_FORWARDED_PROTO="https")  # as behind the TLS-terminating proxy
client.force_login(User.objects.get(email="admin@riep.example"))
for url in sys.argv[1:]:
    response = client.get(url, follow=True)  # a section's front page may send the person on to its first page
    print(url, response.status_code)
    assert response.status_code == 200, (url, response.status_code)
page = client.get("/").content.decode()
css = re.search(r'href="(/static/govuk/govuk-frontend\\.min\\.[0-9a-f]+\\.css)"', page)
assert css, "the page does not link the hashed stylesheet from the manifest"
served = client.get(css.group(1))
print(css.group(1), served.status_code)
assert served.status_code == 200
"""


@pytest.mark.slow
def test_production_settings_collect_static_and_serve_the_main_pages(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "riep.settings_production", "RIEP_SECRET_KEY": "p" * 50,
           "RIEP_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/riep.sqlite3",
           "RIEP_ALLOWED_HOSTS": "testserver", "RIEP_DEMO_SPEND": "0"}  # the spend files: tests/procurement
    setup = subprocess.run([sys.executable, "-m", "riep.cli", "setup"], env=env, capture_output=True, text=True,
                           timeout=300, check=False)
    assert setup.returncode == 0, setup.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
    served = subprocess.run([sys.executable, "-c", SERVE_PAGES, *PAGES], env=env, capture_output=True, text=True,
                            timeout=300, check=False)
    assert served.returncode == 0, served.stdout[-2000:] + served.stderr[-3000:]
