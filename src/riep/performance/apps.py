from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "riep.performance"
    label = "performance"
    verbose_name = "Performance toolkit"

    def ready(self):
        from riep.core import series  # noqa: PLC0415 (apps' ready: models load once apps are ready)
        from riep.performance import (
            import_templates,  # noqa: F401, PLC0415  the import page's template and example
            jobs,  # noqa: F401, PLC0415  registers this capability's kinds of background job
        )
        from riep.performance.services.values import SOURCE  # noqa: PLC0415 (same)

        series.register(SOURCE)  # indicator values for the counterfactual engine, peers and reorganisation

        # Everyday use (issue 15): history in words, the search box, sections on a council's page.
        from riep.performance import history_words, sections  # noqa: PLC0415 (they import models: only once apps are ready)
        from riep.registry.sections import add_council_section  # noqa: PLC0415 (apps' ready)

        add_council_section(sections.council_indicators)  # on a council's page
        history_words.register()  # how priority outcomes read in their history (riep.core.history)
        from riep.performance import todo  # noqa: PLC0415 (the dashboard's data freshness line)

        todo.register()
