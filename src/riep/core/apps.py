from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "riep.core"
    label = "core"
    verbose_name = "Core"
