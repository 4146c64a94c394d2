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
        from riep.performance import todo  # noqa: PLC0415 (the dashboard's data freshness line)

        todo.register()
