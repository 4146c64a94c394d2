from django.apps import AppConfig


class ReorgConfig(AppConfig):
    name = "riep.reorg"
    label = "reorg"
    verbose_name = "Structural change models (reorganisation, shared services, planning capacity)"

    def ready(self):
        from riep.reorg import (
            import_templates,  # noqa: F401, PLC0415  the import page's template and example
            jobs,  # noqa: F401  registers this capability's kinds of background job
        )
