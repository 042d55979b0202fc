"""The benchmark harness of wagtail-meldcode (``make bench``); not part of the app."""
