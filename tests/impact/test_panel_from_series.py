"""The page that builds a panel from the platform's own series (riep.core.series): prefilled from a link, the
default comparison councils, the gaps report with dropped councils and why, the link on to an analysis, its errors,
and who may use it (the scope test for this route)."""
import re
from urllib.parse import parse_qs, urlparse

import pytest

from riep.core import series
from riep.impact.models import IndicatorPanel
from riep.registry.models import Organisation

from .conftest import ADMIN, BOARD, MANAGER_EE, MANAGER_SE, OFFICER, REVIEWER

URL = "/impact/panels/from-series/"
NORWICH = "E07000148"  # a district of the East of England partnership, whose councils the demo's indicators cover


@pytest.fixture
def recycling(impact):
    """The demo's NI 192 (household waste recycled), a financial-year indicator of the districts."""
    return next(m for m in series.source("performance").measures() if m.key == "NI192")


def _build(client, measure, **extra):
    data = {"measure": f"performance:{measure.key}", "treated": NORWICH, "start": "2008-09",
            "donor_rule": "partnership_region", **extra}
    return client.post(URL, data)


def test_a_link_prefills_the_form(as_user, recycling):
    page = as_user(MANAGER_EE).get(URL, {"source": "performance", "measure": recycling.key, "treated": NORWICH,
                                         "start": "2008-09"}).content.decode()
    assert re.search(rf'<option value="performance:{re.escape(recycling.key)}" selected>', page)
    assert re.search(rf">\s*{NORWICH}\s*</textarea>", page)
    assert 'value="2008-09"' in page and "Performance indicators" in page  # the series grouped by their source


def test_building_a_panel_shows_the_gaps_and_leads_on_to_an_analysis(as_user, recycling):
    client = as_user(MANAGER_EE)
    response = _build(client, recycling)
    assert response.status_code == 302
    panel = IndicatorPanel.objects.latest("pk")
    assert panel.period_kind == "financial_year" and panel.first_period == 2004 and panel.last_period == 2010
    norwich = Organisation.objects.get(gss_code=NORWICH)
    donors = [u for u in panel.units if u != NORWICH]
    # Default comparison councils: districts in the partnership's region that existed at the start.
    assert donors and all(o.council_type == norwich.council_type and o.region_id == norwich.region_id
                          for o in Organisation.objects.filter(gss_code__in=donors))
    assert any("Comparison councils: the other" in w and "East of England" in w for w in panel.warnings)
    page = client.get(response["Location"]).content.decode()
    table = page[page.index('id="table-gaps"'):page.index("</table>", page.index('id="table-gaps"'))]
    assert "Treated" in table and "Comparison" in table
    # The demo's figures are 2004-05 to 2010-11: the default years (2000-01 to 2011-12) are trimmed to those, with a
    # note; a council whose latest figure awaits approval has a gap after the start, so it is dropped, with why.
    assert any("No figures for any of these councils in 2000-01, 2001-02, 2002-03, 2003-04, 2011-12" in w
               for w in panel.warnings)
    assert "Dropped: no outcome after the start (2010)" in table and "2010-11" in table
    link = re.search(r'href="(/impact/analyses/new/\?[^"]+)">Start an analysis with these councils', page).group(1)
    query = parse_qs(urlparse(link.replace("&amp;", "&")).query)
    assert query["treated"] == [NORWICH] and query["start"] == ["2008-09"] and query["donor_rule"] == ["chosen"]
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert re.search(rf">\s*{NORWICH}\s*</textarea>", form)
    assert 'value="2008-09"' in form and query["donors"][0].split(",")[0] in form
    # The gaps table downloads like every table.
    csv = client.get(response["Location"] + "&download=gaps&format=csv")
    assert csv.status_code == 200 and "Missing before the start" in b"".join(csv.streaming_content).decode("utf-8-sig")


def test_errors_name_the_field(as_user, recycling):
    client = as_user(MANAGER_EE)
    before = IndicatorPanel.objects.count()
    page = _build(client, recycling, treated="E07999999", start="2008-10").content.decode().replace("&#x27;", "'")
    assert "No council in the registry has the GSS code E07999999" in page
    assert "Enter a financial year such as 2009-10, not '2008-10'" in page
    page = _build(client, recycling, donor_rule="chosen", donors=NORWICH).content.decode()
    assert "Enter at least two comparison councils that are not treated" in page
    page = _build(client, recycling, first="2007-08").content.decode()
    assert "Give at least 3 years before the start" in page
    page = client.post(URL, {"treated": NORWICH, "start": "2008-09", "donor_rule": "england"}).content.decode()
    assert "Select the series to build the panel from" in page
    assert IndicatorPanel.objects.count() == before


@pytest.mark.parametrize("email, allowed", [(ADMIN, True), (MANAGER_SE, True), (MANAGER_EE, True),
                                            (OFFICER, False), (BOARD, False), (REVIEWER, False)])
def test_who_may_build_a_panel(as_user, recycling, email, allowed):
    """Scope: building a panel is running an analysis (impact's run_impact_analysis); everyone else is refused,
    the form and its POST alike, and nothing is saved."""
    client = as_user(email)
    before = IndicatorPanel.objects.count()
    assert client.get(URL).status_code == (200 if allowed else 403)
    response = _build(client, recycling)
    assert response.status_code == (302 if allowed else 403)
    assert IndicatorPanel.objects.count() == before + (1 if allowed else 0)


def test_anonymous_visitors_are_sent_to_sign_in(client, impact):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"] or "sign-in" in response["Location"]
