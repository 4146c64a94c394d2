"""History in words (riep.core.history): real histories told as sentences on the pages, the raw record in the
download, and every field change of every audited model told without ids."""
import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import models
from django.forms.models import model_to_dict
from simple_history.models import ModelChange, registered_models
from simple_history.utils import get_m2m_reverse_field_name

from riep.accounts.models import User
from riep.core.history import _Names, change_sentences, label_of, wording_of
from riep.core.permissions import Role
from riep.ledger.models import Ni179Return
from riep.portfolio.models import FundingLine, Project
from riep.registry.models import Organisation
from tests.conftest import _demo

# The demo data for this module only (a package-scoped one would outlive it into tests that expect an empty database).
demo = pytest.fixture(scope="module", name="demo")(_demo)
pytestmark = pytest.mark.usefixtures("demo")
LONDON_1405 = dt.datetime(2010, 6, 3, 13, 5, tzinfo=dt.timezone.utc)  # 14:05 British Summer Time


@pytest.fixture
def jo(db):
    return User.objects.create_user("jo.smith@norfolk.example", "a long enough password 42",
                                    role=Role.PROGRAMME_MANAGER, full_name="Jo Smith")


def _save(instance, user, when):
    instance._history_user, instance._history_date = user, when
    instance.save()


def test_a_spend_change_reads_as_a_sentence_with_name_money_and_uk_time(jo, client, sign_in):
    line = FundingLine.objects.get(source__project__code="ee-aspire2perform", source__kind="core_grant", year=2009)
    line.spend = Decimal("100000.00")
    _save(line, jo, LONDON_1405 - dt.timedelta(days=1))
    line.spend = Decimal("95000.00")
    _save(line, jo, LONDON_1405)
    sign_in("board@improvementeast.example")
    page = client.get("/projects/ee-aspire2perform/").content.decode()
    assert "Jo Smith changed spend in 2009-10 (Core grant) from £100,000 to £95,000 on 3 June 2010, 14:05." in page
    assert "→" not in page.split("Audit trail")[-1].split("Download the full record")[0]
    raw = client.get("/projects/ee-aspire2perform/", {"download": "audit", "format": "csv"}).getvalue().decode("utf-8-sig")
    assert "spend: 100000.00 → 95000.00" in raw and "2010-06-03 14:05:00" in raw  # the raw record stays


def test_pennies_are_shown_where_there_are_pennies(jo):
    line = FundingLine.objects.filter(source__project__code="ee-aspire2perform").first()
    changes = [ModelChange("allocation", Decimal("80000.00"), Decimal("80000.50"))]
    sentences, _ = change_sentences(FundingLine, changes, "Jo Smith", "3 June 2010, 14:05", qualifier=" in 2009-10")
    assert sentences == ["Jo Smith changed allocation in 2009-10 from £80,000 to £80,000.50 on 3 June 2010, 14:05."]
    assert line is not None


def test_councils_added_to_a_project_are_named(jo, client, sign_in):
    project = Project.objects.get(code="ee-aspire2perform")
    before = set(project.participating_councils.values_list("pk", flat=True))
    extra = list(Organisation.objects.filter(gss_code__in=["E07000200", "E07000203"]).exclude(pk__in=before))
    project._history_user = jo
    project.participating_councils.add(*extra)
    sign_in("board@improvementeast.example")
    page = client.get("/projects/ee-aspire2perform/").content.decode()
    names = " and ".join(sorted(str(c) for c in extra))
    assert f"Jo Smith added {names} to the participating councils" in page
    assert "item(s)" not in page


def test_a_validated_return_says_who_validated_it(client, sign_in):
    sign_in("manager@improvementeast.example")
    page = client.get("/ledger/ni179/E10000020/2008-09/").content.decode()
    trail = page.split("Every change, field by field")[1]
    assert "Demo Programme Manager (Improvement East) validated it on 3 July 2009" in trail
    assert "Demo Officer (Norfolk) created this NI 179 return on 26 June 2009" in trail
    assert "Ni 179" not in page and "(blank)" not in trail.split("Download the full record")[0]


def test_the_reviewer_is_never_shown_an_email_in_a_sentence(client, sign_in):
    nameless = User.objects.create_user("nameless@norfolk.example", "a long enough password 42", role=Role.COUNCIL_OFFICER)
    ret = Ni179Return.objects.get(council__gss_code="E10000020", year=2008)
    ret.declaration = "Changed by someone with no name"
    _save(ret, nameless, LONDON_1405)
    sign_in("reviewer@communities.example")
    page = client.get("/ledger/ni179/E10000020/2008-09/").content.decode()
    assert "nameless@norfolk.example" not in page and "A council officer changed declaration" in page


# The property: every field change of each audited model is told in words, without ids -----------------------------


def _audited_models():
    return sorted({m for m in registered_models.values() if m._meta.app_label not in ("auth",)},
                  key=lambda m: m._meta.label)


def _two_values(model, model_field):
    """Two different stored values of this field from the demo's records (as simple-history diffs them)."""
    seen = []
    for obj in model._default_manager.all()[:400]:
        value = model_to_dict(obj, fields=[model_field.name]).get(model_field.name)
        if isinstance(model_field, models.ManyToManyField):
            value = sorted(v.pk for v in value)
        if value not in (None, "", []) and value not in seen:
            seen.append(value)
        if len(seen) == 2:
            return seen
    return None


def test_every_field_change_of_every_audited_model_reads_without_ids(db):
    names = _Names(None)
    told = 0
    for model in _audited_models():
        wording = wording_of(model)
        tracked = [f for f in model._meta.get_fields() if getattr(f, "editable", False) and f.concrete
                   and not f.auto_created and f.name not in wording.hidden
                   and (not f.many_to_many or f.name in [m.name for m in model.history.model._history_m2m_fields])]
        for model_field in tracked:
            values = _two_values(model, model_field)
            if values is None:
                continue
            old, new = values
            if model_field.many_to_many:
                target = get_m2m_reverse_field_name(model_field)
                old, new = [{target: pk} for pk in old], [{target: pk} for pk in new]
            sentences, raw = change_sentences(model, [ModelChange(model_field.name, old, new)], "Jo Smith",
                                              "3 June 2010, 14:05", names=names)
            where = f"{model._meta.label}.{model_field.name}"
            assert sentences and raw, where
            for sentence in sentences:
                told += 1
                assert sentence.endswith("on 3 June 2010, 14:05."), (where, sentence)
                unquoted = re.sub(r"“[^”]*”", "“…”", sentence)  # people's own text may say anything
                assert not re.search(r"None|object \(|_id\b|→|item\(s\)", unquoted), (where, sentence)
                if model_field.name not in wording.phrases:
                    assert label_of(model_field, wording) in sentence, (where, sentence)
                assert model_field.name not in sentence or "_" not in model_field.name, (where, sentence)
                if isinstance(model_field, models.ForeignKey):
                    for pk in values:
                        name = names.of(model_field.related_model, pk)
                        assert name in sentence, (where, sentence)
                        assert not re.search(rf"(from|to) {pk}( on|\b to)", sentence.replace(name, "")), (where, sentence)
    assert told > 150  # every audited capability's fields were reached, not a handful


def test_each_audit_trail_says_audit_trail_once(db, client, sign_in):
    """The shared include gives the heading; a caption repeating it is shortened under it (issue 15)."""
    from riep.care.models import Placement
    from riep.ledger.models import EfficiencyGain

    sign_in("admin@riep.example")
    gain = EfficiencyGain.objects.filter(council__gss_code="E10000020").order_by("reference").first()
    placement = Placement.objects.order_by("pk").first()
    pages = ["/projects/ee-aspire2perform/", gain.get_absolute_url(), f"/registry/councils/{gain.council_id}/",
             "/registry/partnerships/EE/", f"/care/placements/{placement.pk}/", "/ledger/ni179/E10000020/2008-09/"]
    for url in pages:
        page = client.get(url).content.decode()
        assert page.casefold().count("audit trail") <= 1, (url, re.findall(r".{60}audit trail.{60}", page, re.I | re.S))
