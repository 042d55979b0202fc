"""Pages outside the meldcode page tree: the second factor of the login, and the
session's "stay logged in".

Include them in the project's URLs, e.g. ``path("account/", include("wagtail_meldcode.urls"))``.
"""

from django.urls import path

from .views import two_factor

app_name = "meldcode_account"

urlpatterns = [
    path("tweestapsverificatie/", two_factor.setup, name="setup"),
    path("tweestapsverificatie/controleren/", two_factor.verify, name="verify"),
    path("sessie/", two_factor.keepalive, name="keepalive"),
]
