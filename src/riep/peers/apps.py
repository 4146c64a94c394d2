from django.apps import AppConfig


class PeersConfig(AppConfig):
    name = "riep.peers"
    label = "peers"
    verbose_name = "Comparator groups (peers)"
