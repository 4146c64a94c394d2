from django.apps import AppConfig


class ResilienceConfig(AppConfig):
    name = "riep.resilience"
    label = "resilience"
    verbose_name = "Councils in difficulty (financial resilience)"

    def ready(self):
        # Everyday use (issue 15): history in words, the search box, sections on a council's page.
        from riep.registry.sections import add_council_section  # noqa: PLC0415 (apps' ready)
        from riep.resilience import sections  # noqa: PLC0415 (they import models: only once apps are ready)

        add_council_section(sections.council_resilience)  # on a council's page
