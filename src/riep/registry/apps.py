from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "riep.registry"
    label = "registry"
    verbose_name = "Registry"
