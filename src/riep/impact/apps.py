from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "riep.impact"
    label = "impact"
    verbose_name = "Impact analysis (counterfactual evidence)"

    def ready(self):
        from riep.impact import (
            import_templates,  # noqa: F401, PLC0415  the import page's template and example
            jobs,  # noqa: F401, PLC0415  registers this capability's kinds of background job
        )
        from riep.impact.services import impact_evidence_table  # noqa: PLC0415 (models load once apps are ready)
        from riep.ledger.services import add_evidence_source  # noqa: PLC0415 (same)

        # The value report lists the counterfactual evidence behind gains (the ledger imports no capability).
        add_evidence_source("counterfactual", impact_evidence_table)
