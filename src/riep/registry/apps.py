from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "riep.registry"
    label = "registry"
    verbose_name = "Registry"

    def ready(self):
        from riep.registry import history_words  # noqa: PLC0415 (imports models: only once apps are ready)

        history_words.register()  # how its records read in audit trails
        from riep.registry import jobs  # noqa: F401  registers this capability's kinds of background job
