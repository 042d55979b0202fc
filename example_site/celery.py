"""The Celery app of the example intranet.

Run a worker with beat beside the site: ``celery -A example_site worker --beat``. Without
``CELERY_BROKER_URL`` it uses an embedded broker in ``var/celery`` that needs no server.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings.dev")

app = Celery("example_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def create_embedded_broker_folders(sender, **kwargs):
    """The embedded file-system broker needs its folders before the first message."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "data_folder_processed"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)
