"""The example site's URLs plus the plain formtools wizard that is a peer."""

from django.urls import path

from benchmarks.peers.views import PeerWizard
from example_site.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("bench/wizard/", PeerWizard.as_view(), name="bench_wizard"),
    *site_urlpatterns,
]
