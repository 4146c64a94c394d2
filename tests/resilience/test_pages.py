"""Pages, downloads, rules with history, notes and corrections, all through the real URLs."""
from decimal import Decimal as D

from riep.registry.models import Organisation
from riep.resilience.models import CouncilNote, WarningRule
from riep.resilience.services.indicators import all_indicators

ADMIN, MANAGER, SE_MANAGER = "admin@riep.example", "manager@improvementeast.example", "manager@iese.example"
NORFOLK_OFFICER, KENT_OFFICER, BOARD, REVIEWER = ("officer@norfolk.example", "officer@kent.example",
                                                  "board@improvementeast.example", "reviewer@communities.example")


def test_council_page_has_a_chart_and_a_table_per_indicator(resilience, client, sign_in):
    sign_in(REVIEWER)
    page = client.get("/resilience/councils/E10000020/?group=nearest")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('role="img"') >= 7 and "Peer median" in html and "Unavailable:" in html
    assert "No composite score and no league table" in html and "Nearest neighbours" in html
    csv = client.get("/resilience/councils/E10000020/?download=reserves_level&format=csv")
    assert csv.status_code == 200 and "Peer median" in b"".join(csv.streaming_content).decode("utf-8-sig")


def test_partnership_overview_and_flags(resilience, client, sign_in):
    sign_in(BOARD)
    overview = client.get("/resilience/partnerships/EE/?year=2016-17")
    assert overview.status_code == 200 and "Norfolk County Council" in overview.content.decode()
    flags = client.get("/resilience/partnerships/EE/flags/?year=2017-18").content.decode()
    assert "Thurrock Council" in flags and "Since last year" in flags
    assert client.get("/resilience/partnerships/SE/").status_code == 403  # not a partnership of this board member
    sign_in(REVIEWER)
    assert client.get("/resilience/partnerships/SE/flags/").status_code == 200  # the reviewer sees every region's figures


def test_rules_are_edited_by_the_partnership_administrator_with_a_reason_and_history(resilience, client, sign_in):
    sign_in(MANAGER)
    assert client.get("/resilience/partnerships/EE/rules/sustainability-5y/").status_code == 403
    sign_in(ADMIN)
    url = "/resilience/partnerships/EE/rules/sustainability-5y/"
    form = {"name": "Reserves would run out within three years", "indicator": "reserves_sustainability",
            "comparison": "below", "threshold": "3", "active": "on", "reason": ""}
    refused = client.post(url, form)
    assert refused.status_code == 200 and "Give a reason" in refused.content.decode()
    assert client.post(url, {**form, "threshold": "lots", "reason": "x"}).status_code == 200  # a clear error, not a 500
    saved = client.post(url, {**form, "reason": "Board agreed a tighter test, March 2019"})
    assert saved.status_code == 302
    rule = WarningRule.objects.get(partnership__code="EE", key="sustainability-5y")
    assert rule.threshold == D(3) and rule.history.count() == 2
    assert rule.history.first().history_change_reason == "Board agreed a tighter test, March 2019"
    page = client.get("/resilience/partnerships/EE/rules/").content.decode()
    assert "Board agreed a tighter test" in page and "Demo Administrator" in page


def test_a_council_corrects_a_published_line_with_provenance(resilience, client, sign_in):
    norfolk = Organisation.objects.get(gss_code="E10000020")
    sign_in(KENT_OFFICER)
    assert client.get("/resilience/councils/E10000020/notes/new/").status_code == 403
    sign_in(NORFOLK_OFFICER)
    form = {"year": "2017-18", "kind": "correction", "text": "Unallocated reserves were misreported",
            "line_key": "RS-916-31mar", "corrected_value": "20535", "source": "Statement of accounts 2017-18, note 12"}
    assert client.post("/resilience/councils/E10000020/notes/new/", {**form, "line_key": "RS-999"}).status_code == 200
    assert client.post("/resilience/councils/E10000020/notes/new/", form).status_code == 302
    note = CouncilNote.objects.get(council=norfolk)
    assert note.published_value == D(19535) and note.corrected_value == D(20535) and note.author.email == NORFOLK_OFFICER
    value = all_indicators("2017-18", [norfolk.pk])[norfolk.pk]["unallocated_reserves"].value
    assert value == D(20535) / D("580963.8127400001")  # the indicator uses the corrected line
    page = client.get("/resilience/councils/E10000020/").content.decode()
    assert "published 19535, corrected to 20535" in page and "Statement of accounts 2017-18" in page


def test_methodology_page(resilience, client, sign_in):
    sign_in(REVIEWER)
    page = client.get("/methodology/resilience/")
    assert page.status_code == 200 and "Validation" in page.content.decode()
