"""A real OpenID Connect provider for the tests: django-oauth-toolkit with OIDC on, as a
small Django project of its own, run in a subprocess by :mod:`.server`.

Its test-only endpoints (``/testing/...``) set up the client, users with their groups
and ``amr``/``acr`` claims, and a fault in the next ID tokens (a wrong issuer, audience
or nonce, a bad signature, an expired token): the misbehaving provider the app must
refuse. Nothing here is part of the app.
"""
