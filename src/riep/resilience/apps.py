from django.apps import AppConfig


class ResilienceConfig(AppConfig):
    name = "riep.resilience"
    label = "resilience"
    verbose_name = "Councils in difficulty (financial resilience)"

    def ready(self):
        from riep.registry.sections import add_council_section  # noqa: PLC0415 (same)
        from riep.resilience import sections  # noqa: PLC0415 (imports models: only once apps are ready)

        add_council_section(sections.council_resilience)  # its section on a council's page
