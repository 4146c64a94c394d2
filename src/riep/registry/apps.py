from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "riep.registry"
    label = "registry"
    verbose_name = "Registry"

    def ready(self):
        # Everyday use (issue 15): history in words, the search box, sections on a council's page.
        from riep.core.search import add_finder  # noqa: PLC0415 (apps' ready)
        from riep.registry import (  # noqa: PLC0415 (they import models: only once apps are ready)
            history_words,
            jobs,  # noqa: F401  registers this capability's kinds of background job
            search,
        )

        history_words.register()  # how its records read in audit trails (riep.core.history)
        add_finder("councils", "Councils", search.find_councils, order=10)  # the search box
        add_finder("partnerships", "Partnerships", search.find_partnerships, order=20)  # the search box
        from riep.registry import import_templates  # noqa: F401, PLC0415  the import page's template and example
