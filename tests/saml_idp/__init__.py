"""A small SAML 2.0 identity provider for the tests (pysaml2's ``saml2.server.Server``
behind a WSGI app), run in a process of its own by :mod:`tests.saml_idp.server`."""
