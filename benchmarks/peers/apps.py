from django.apps import AppConfig


class PeersConfig(AppConfig):
    """What an organisation would build instead: plain Wagtail pages and forms."""

    name = "benchmarks.peers"
    label = "bench_peers"
    default_auto_field = "django.db.models.BigAutoField"
