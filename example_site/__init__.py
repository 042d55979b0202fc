"""An example intranet that uses wagtail_meldcode; what ``make demo`` runs."""

from .celery import app as celery_app

__all__ = ["celery_app"]
