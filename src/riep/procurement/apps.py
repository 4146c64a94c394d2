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

        # Everyday use (issue 15): history in words, the search box, sections on a council's page.
        from riep.core.search import add_finder  # noqa: PLC0415 (apps' ready)
        from riep.procurement import search, sections  # noqa: PLC0415 (they import models: only once apps are ready)
        from riep.registry.sections import add_council_section  # noqa: PLC0415 (apps' ready)

        add_finder("suppliers", "Suppliers", search.find_suppliers, order=50)  # the search box
        add_council_section(sections.council_spend)  # on a council's page
        from riep.procurement import todo  # noqa: PLC0415 (the dashboard's data freshness line)

        todo.register()
