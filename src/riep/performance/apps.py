from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "riep.performance"
    label = "performance"
    verbose_name = "Performance toolkit"
