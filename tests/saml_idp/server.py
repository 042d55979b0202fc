"""Run the test SAML identity provider (:mod:`tests.saml_idp.idp`) in a process of its
own, and talk to it as the tests need: its set-up endpoints, signing in there the way a
browser would (``requests``), and the intranet's SAML settings (service provider) for it.
"""

import os
import re
import shutil
import subprocess
import sys
import time
from html import unescape
from pathlib import Path

import requests
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import SPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_PERSISTENT

from tests.saml_idp.idp import PASSWORD
from tests.saml_idp.keys import write_key_pair
from tests.workers import ROOT, die_with, free_port

#: The intranet's entity ID at the IdP, whatever host it answers on.
SP_ENTITY_ID = "http://testserver/sso/saml/metadata/"


def sp_config(sites, idp_metadata, key_file, cert_file):
    """djangosaml2's ``SAML_CONFIG`` for the intranet on ``sites`` (base URLs)."""
    return {
        "entityid": SP_ENTITY_ID,
        "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
        "key_file": key_file,
        "cert_file": cert_file,
        "service": {"sp": {
            "name": "Meldcode intranet (test)",
            "endpoints": {
                "assertion_consumer_service": [(f"{site}/sso/saml/acs/", BINDING_HTTP_POST)
                                               for site in sites],
                "single_logout_service": [(f"{site}/sso/saml/ls/", BINDING_HTTP_REDIRECT)
                                          for site in sites],
            },
            "name_id_format": NAMEID_FORMAT_PERSISTENT,
            "want_assertions_signed": True,
            "want_response_signed": False,
            "allow_unsolicited": False,
            "authn_requests_signed": False,
            "logout_requests_signed": True,
            "only_use_keys_in_metadata": True,
        }},
        "metadata": {"local": [idp_metadata]} if idp_metadata else {},
    }


def sp_metadata(config):
    """The metadata of the intranet (service provider) with ``config``, for the IdP."""
    conf = SPConfig()
    conf.load({**config, "metadata": {}})
    return str(entity_descriptor(conf))


class IdpServer:
    """The IdP's process group, and what the tests ask of it."""

    def __init__(self, folder, port=None):
        self.port = port or int(os.environ.get("MELDCODE_TEST_SAML_IDP_PORT") or free_port())
        # localhost, like the live server of the browser tests: the IdP's POST to the
        # intranet is then same-site and the SameSite=Lax session cookie goes along.
        self.base_url = f"http://localhost:{self.port}"
        self.entity_id = f"{self.base_url}/metadata"
        self.folder = Path(folder)
        self.sp_key, self.sp_cert = write_key_pair(self.folder, "sp")
        write_key_pair(self.folder, "idp")
        self.env = {**os.environ, "IDP_BASE_URL": self.base_url, "IDP_PORT": str(self.port),
                    "IDP_FOLDER": str(self.folder),
                    "XMLSEC1": shutil.which("xmlsec1") or "/usr/bin/xmlsec1"}
        self.process = None

    @property
    def idp_metadata(self):
        return str(self.folder / "idp.xml")

    def start(self):
        with open(self.folder / "idp.log", "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.worker_guard", sys.executable, "-m",
                 "tests.saml_idp.idp"],
                env=self.env, cwd=ROOT, stdout=log, stderr=log,
                start_new_session=True, preexec_fn=die_with(os.getpid()),
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                metadata = requests.get(f"{self.base_url}/metadata", timeout=2)
                Path(self.idp_metadata).write_text(metadata.text)
                return self
            except requests.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("The test SAML IdP did not start: see "
                                       f"{self.folder / 'idp.log'}") from None
                time.sleep(0.1)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, 9)
            self.process.wait(timeout=10)

    def settings(self, sites=("http://testserver",)):
        """The intranet's ``SAML_CONFIG`` for this IdP, answering on ``sites``; the IdP
        learns the intranet's metadata for it."""
        config = sp_config(list(sites), self.idp_metadata, self.sp_key, self.sp_cert)
        self._post("sp", {"metadata": sp_metadata(config)})
        return config

    def _post(self, path, data):
        response = requests.post(f"{self.base_url}/testing/{path}", json=data, timeout=10)
        response.raise_for_status()
        return response.json()

    def add_user(self, username, groups, authn_context=None, **attributes):
        """An IdP user in ``groups`` (``givenName``, ``sn``, ``mail`` in ``attributes``);
        returns their persistent NameID."""
        data = {"username": username, "groups": list(groups), **attributes}
        if authn_context:
            data["authn_context"] = authn_context
        return self._post("user", data)["subject"]

    def set_fault(self, kind):
        """The fault of the next assertions: unsigned, issuer, audience, recipient,
        expired, transient or "" (none)."""
        self._post("fault", {"kind": kind})

    def browser(self, username):
        """A ``requests`` session signed in at the IdP as ``username``."""
        session = requests.Session()
        answer = session.post(f"{self.base_url}/login",
                              data={"username": username, "password": PASSWORD, "next": "/"},
                              allow_redirects=False, timeout=10)
        if answer.status_code != 302:
            raise AssertionError(f"Signing in at the IdP as {username} failed")
        return session


def posted_form(page):
    """The action and fields of the auto-submitting form of an IdP page."""
    action = unescape(re.search(r'<form method="post" action="([^"]+)"', page).group(1))
    fields = {name: unescape(value) for name, value in
              re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)}
    return action, fields
