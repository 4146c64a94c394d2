from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "riep.registry"
    label = "registry"
    verbose_name = "Registry"

    def ready(self):
        from riep.core.search import add_finder  # noqa: PLC0415 (apps' ready)
        from riep.registry import search  # noqa: PLC0415 (imports models: only once apps are ready)

        add_finder("councils", "Councils", search.find_councils, order=10)
        add_finder("partnerships", "Partnerships", search.find_partnerships, order=20)  # its results in the search box
        from riep.registry import history_words  # noqa: PLC0415 (imports models: only once apps are ready)

        history_words.register()  # how its records read in audit trails
        from riep.registry import jobs  # noqa: F401  registers this capability's kinds of background job
