from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "riep.registry"
    label = "registry"
    verbose_name = "Registry"

    def ready(self):
        from riep.registry import (
            import_templates,  # noqa: F401, PLC0415  the import page's template and example
            jobs,  # noqa: F401  registers this capability's kinds of background job
        )
