"""Run the test identity provider in a process of its own, on a free port, with its own
SQLite database in a temporary folder and an RSA signing key made for this run.

:class:`ProviderServer` also talks to it as the tests need: the test-only set-up
endpoints, and signing in at the provider the way a browser would (``requests``).
"""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.workers import ROOT, die_with, free_port

SETTINGS = "tests.oidc_provider.settings"
PASSWORD = "provider-password-1"


def rsa_key_pem():
    """A new 2048-bit RSA private key in PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


class ProviderServer:
    """The provider's ``runserver`` process group, and what the tests ask of it."""

    def __init__(self, folder, port=None, key=None):
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.issuer = f"{self.base_url}/o"
        self.folder = Path(folder)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "PROVIDER_BASE_URL": self.base_url,
            "PROVIDER_DATABASE": str(self.folder / "provider.sqlite3"),
            "PROVIDER_RSA_KEY": key or rsa_key_pem(),
        }
        self.env.pop("DATABASE_URL", None)
        self.process = None

    def start(self):
        subprocess.run([sys.executable, "-m", "django", "migrate", "--no-input", "-v", "0"],
                       env=self.env, cwd=ROOT, check=True)
        with open(self.folder / "provider.log", "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.worker_guard", sys.executable, "-m", "django",
                 "runserver", "--noreload", f"127.0.0.1:{self.port}"],
                env=self.env, cwd=ROOT, stdout=log, stderr=log,
                start_new_session=True, preexec_fn=die_with(os.getpid()),
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=2)
                return self
            except requests.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("The test identity provider did not start: see "
                                       f"{self.folder / 'provider.log'}") from None
                time.sleep(0.1)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, 9)
            self.process.wait(timeout=10)

    def settings(self):
        """The intranet's ``OIDC_*`` settings for this provider."""
        return {
            "OIDC_OP_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize/",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token/",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/userinfo/",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/.well-known/jwks.json",
            "OIDC_OP_LOGOUT_ENDPOINT": f"{self.issuer}/logout/",
        }

    def _post(self, path, data):
        response = requests.post(f"{self.base_url}/testing/{path}/", json=data, timeout=10)
        response.raise_for_status()
        return response.json()

    def register_client(self, client_id, client_secret, sites):
        """The intranet as a client, answering on each of ``sites`` (base URLs)."""
        return self._post("client", {
            "client_id": client_id, "client_secret": client_secret,
            "redirect_uris": [f"{site}/sso/oidc/callback/" for site in sites],
            "post_logout_redirect_uris": [f"{site}{path}" for site in sites
                                          for path in ("/accounts/login/", "/admin/login/")],
        })

    def add_user(self, username, groups, amr=("pwd",), acr="", **names):
        """A provider user in ``groups``; returns their subject (``sub``)."""
        return self._post("user", {"username": username, "password": PASSWORD,
                                   "groups": list(groups), "amr": list(amr), "acr": acr,
                                   **names})["sub"]

    def set_fault(self, kind):
        """The fault of the next ID tokens: issuer, audience, nonce, signature, expired
        or "" (none)."""
        self._post("fault", {"kind": kind})

    def browser(self, username):
        """A ``requests`` session signed in at the provider as ``username``."""
        session = requests.Session()
        login = f"{self.base_url}/accounts/login/"
        page = session.get(login, timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = session.post(login, data={"csrfmiddlewaretoken": token, "username": username,
                                            "password": PASSWORD, "next": "/"},
                              headers={"Referer": login}, allow_redirects=False, timeout=10)
        if answer.status_code != 302:
            raise AssertionError(f"Signing in at the provider as {username} failed")
        return session
