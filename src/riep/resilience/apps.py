from django.apps import AppConfig


class ResilienceConfig(AppConfig):
    name = "riep.resilience"
    label = "resilience"
    verbose_name = "Councils in difficulty (financial resilience)"
