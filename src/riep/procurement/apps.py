"""Procurement hub (councils' spend files)."""
from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "riep.procurement"
    label = "procurement"
    verbose_name = "Procurement hub (councils' spend files)"

    def ready(self):
        from riep.ledger.services import add_evidence_source
        from riep.procurement import (
            import_templates,  # noqa: F401, PLC0415  the import page's template and example
            jobs,  # noqa: F401  (registers the job kinds)
        )
        from riep.procurement.services.savings import evidence_table

        add_evidence_source("procurement_spend_validation", evidence_table)
        from riep.procurement import todo  # noqa: PLC0415 (the dashboard's data freshness line)

        todo.register()
