"""Background job of the reorganisation models: importing a scenario's Band D and tax base file."""
from __future__ import annotations

from django.db.models import Q

from riep.core.jobs import job_kind
from riep.core.uploads import read_upload
from riep.reorg.models import Scenario
from riep.reorg.permissions import may_view
from riep.reorg.services.council_tax_file import import_council_tax


def people_who_see_the_scenario(user) -> Q:
    """The job's subject is the scenario: whoever may see the scenario sees its imports."""
    return Q(subject_id__in=[s.pk for s in Scenario.objects.all() if may_view(user, s)])


@job_kind("reorg.import_council_tax", "Import of Band D and tax base", visible_to=people_who_see_the_scenario)
def import_council_tax_job(params: dict, progress) -> dict:
    scenario = Scenario.objects.get(pk=params["scenario_id"])
    upload = read_upload(params["upload_id"])
    return import_council_tax(upload.content, upload.name, scenario, progress).as_dict()
