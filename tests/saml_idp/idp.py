"""The test identity provider: pysaml2's IdP ``Server`` behind a small WSGI app.

Routes: ``/metadata`` (its metadata), ``/sso`` (HTTP-Redirect authentication requests;
a login form while nobody is signed in here), ``/login``, ``/slo`` (HTTP-Redirect logout
requests), and the test-only set-up under ``/testing/``: users, the service provider's
metadata and the fault of the next assertions.

Run: ``python -m tests.saml_idp.idp`` with ``IDP_BASE_URL``, ``IDP_PORT``, ``IDP_FOLDER``
(its key, certificate and the SP's metadata) in the environment.
"""

import base64
import hashlib
import html
import json
import os
import secrets
import sys
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT, NameID
from saml2.server import Server
from saml2.time_util import a_while_ago

PASSWORD = "idp-password-1"
#: The issuer of the "issuer" fault: an IdP that the intranet does not know.
UNKNOWN_ISSUER = "https://onbekende-idp.example/saml"
ELSEWHERE = "https://andere-dienst.example/saml"


def config(base_url, folder, with_sp=True):
    """The IdP's pysaml2 configuration."""
    sp_metadata = folder / "sp.xml"
    return {
        "entityid": f"{base_url}/metadata",
        "xmlsec_binary": os.environ.get("XMLSEC1", "/usr/bin/xmlsec1"),
        "key_file": str(folder / "idp.key"),
        "cert_file": str(folder / "idp.crt"),
        "service": {"idp": {
            "name": "Test-IdP",
            "endpoints": {
                "single_sign_on_service": [(f"{base_url}/sso", BINDING_HTTP_REDIRECT)],
                "single_logout_service": [(f"{base_url}/slo", BINDING_HTTP_REDIRECT)],
            },
            "name_id_format": [NAMEID_FORMAT_PERSISTENT],
            "policy": {"default": {"lifetime": {"minutes": 5}, "attribute_restrictions": None,
                                   "name_form": NAME_FORMAT_URI}},
            "want_authn_requests_signed": False,
            "sign_assertion": True,
            "sign_response": False,
        }},
        **({"metadata": {"local": [str(sp_metadata)]}}
           if with_sp and sp_metadata.exists() else {}),
    }


class FaultyServer(Server):
    """pysaml2's IdP, which can spoil its next assertions on purpose (see ``fault``)."""

    fault = ""

    def setup_assertion(self, *args, **kwargs):
        assertion = super().setup_assertion(*args, **kwargs)
        confirmations = assertion.subject.subject_confirmation
        if self.fault == "audience":
            assertion.conditions.audience_restriction[0].audience[0].text = ELSEWHERE
        elif self.fault == "recipient":
            for confirmation in confirmations:
                confirmation.subject_confirmation_data.recipient = f"{ELSEWHERE}/acs/"
        elif self.fault == "expired":
            assertion.conditions.not_before = a_while_ago(minutes=20)
            assertion.conditions.not_on_or_after = a_while_ago(minutes=10)
            for confirmation in confirmations:
                confirmation.subject_confirmation_data.not_on_or_after = a_while_ago(minutes=10)
        return assertion


class IdentityProvider:
    """The WSGI app, with its users and sessions in memory."""

    def __init__(self, base_url, folder):
        self.base_url = base_url
        self.folder = Path(folder)
        self.users = {}
        self.sessions = {}  # cookie value -> username
        self.fault = ""
        self.metadata = str(entity_descriptor(_load(config(base_url, self.folder, False))))
        self.server = None
        self.load_server()

    def load_server(self):
        self.server = FaultyServer(config=_load(config(self.base_url, self.folder)))

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        method = environ["REQUEST_METHOD"]
        query = {key: values[0]
                 for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
        handler = {
            ("GET", "/metadata"): self.metadata_view,
            ("GET", "/sso"): self.sso,
            ("POST", "/login"): self.login,
            ("GET", "/slo"): self.slo,
            ("POST", "/testing/user"): self.add_user,
            ("POST", "/testing/fault"): self.set_fault,
            ("POST", "/testing/sp"): self.set_sp,
        }.get((method, path))
        if handler is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        status, headers, body = handler(environ, query)
        start_response(status, headers)
        return [body.encode()]

    # -- the test set-up -------------------------------------------------------------

    def _json(self, environ):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        return json.loads(environ["wsgi.input"].read(length) or b"{}")

    def add_user(self, environ, query):
        data = self._json(environ)
        data["subject"] = "pid-" + hashlib.sha256(data["username"].encode()).hexdigest()[:24]
        self.users[data["username"]] = data
        return _ok({"subject": data["subject"]})

    def set_fault(self, environ, query):
        self.fault = self._json(environ)["kind"]
        return _ok({})

    def set_sp(self, environ, query):
        (self.folder / "sp.xml").write_text(self._json(environ)["metadata"])
        self.load_server()
        return _ok({})

    def metadata_view(self, environ, query):
        return "200 OK", [("Content-Type", "application/samlmetadata+xml")], self.metadata

    # -- signing in and out ------------------------------------------------------------

    def _session(self, environ):
        cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
        token = cookie["idp_session"].value if "idp_session" in cookie else ""
        return token, self.sessions.get(token)

    def sso(self, environ, query):
        _token, username = self._session(environ)
        if username is None:
            return _page("Test-IdP", LOGIN_FORM.format(
                next=html.escape(f"/sso?{environ.get('QUERY_STRING', '')}")))
        request = self.server.parse_authn_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT)
        args = self.server.response_args(request.message, [BINDING_HTTP_POST])
        user = self.users[username]
        fault = self.fault
        name_id = NameID(
            format=NAMEID_FORMAT_TRANSIENT if fault == "transient" else NAMEID_FORMAT_PERSISTENT,
            text=secrets.token_hex(12) if fault == "transient" else user["subject"],
            name_qualifier=self.server.config.entityid, sp_name_qualifier=args["sp_entity_id"])
        identity = {"uid": [username], "isMemberOf": user.get("groups", [])}
        for attribute in ("givenName", "sn", "mail"):
            if user.get(attribute):
                identity[attribute] = [user[attribute]]
        self.server.fault = fault
        response = self.server.create_authn_response(
            identity, userid=user["subject"], name_id=name_id,
            authn={"class_ref": user.get("authn_context",
                                         "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"),
                   "authn_auth": self.server.config.entityid},
            sign_assertion=fault != "unsigned", sign_response=False,
            issuer=UNKNOWN_ISSUER if fault == "issuer" else None,
            in_response_to=args["in_response_to"], destination=args["destination"],
            sp_entity_id=args["sp_entity_id"], name_id_policy=args.get("name_id_policy"),
        )
        encoded = base64.b64encode(str(response).encode()).decode()
        return _page("Test-IdP", POST_FORM.format(
            action=html.escape(args["destination"]), response=encoded,
            relay_state=html.escape(query.get("RelayState", ""))), onload=True)

    def login(self, environ, query):
        data = {key: values[0] for key, values in parse_qs(
            environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)).decode()).items()}
        if data.get("username") not in self.users or data.get("password") != PASSWORD:
            return _page("Test-IdP", "<p>Onbekende gebruiker of verkeerd wachtwoord.</p>",
                         status="403 Forbidden")
        token = secrets.token_urlsafe(16)
        self.sessions[token] = data["username"]
        return "302 Found", [("Location", data.get("next") or "/"),
                             ("Set-Cookie", f"idp_session={token}; Path=/; HttpOnly")], ""

    def slo(self, environ, query):
        token, _username = self._session(environ)
        request = self.server.parse_logout_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT)
        self.sessions.pop(token, None)
        response = self.server.create_logout_response(request.message, [BINDING_HTTP_REDIRECT])
        destination = self.server.config.metadata.single_logout_service(
            request.message.issuer.text, BINDING_HTTP_REDIRECT, "spsso")[0]["location"]
        http_args = self.server.apply_binding(BINDING_HTTP_REDIRECT, str(response), destination,
                                              query.get("RelayState", ""), response=True)
        location = dict(http_args["headers"])["Location"]
        return "302 Found", [("Location", location),
                             ("Set-Cookie", "idp_session=; Path=/; Max-Age=0")], ""


LOGIN_FORM = """<h1>Test-IdP</h1>
<form method="post" action="/login">
<input type="hidden" name="next" value="{next}">
<p><label for="username">Gebruikersnaam</label> <input id="username" name="username"></p>
<p><label for="password">Wachtwoord</label>
<input id="password" name="password" type="password"></p>
<p><button type="submit">Inloggen bij de IdP</button></p>
</form>"""

POST_FORM = """<form method="post" action="{action}">
<input type="hidden" name="SAMLResponse" value="{response}">
<input type="hidden" name="RelayState" value="{relay_state}">
<button type="submit">Doorgaan</button>
</form>"""


def _load(settings):
    conf = IdPConfig()
    conf.load(settings)
    return conf


def _ok(data):
    return "200 OK", [("Content-Type", "application/json")], json.dumps(data)


def _page(title, body, status="200 OK", onload=False):
    script = ' onload="document.forms[0].submit()"' if onload else ""
    return status, [("Content-Type", "text/html; charset=utf-8")], (
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body{script}>{body}</body></html>")


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def main():
    base_url, port = os.environ["IDP_BASE_URL"], int(os.environ["IDP_PORT"])
    app = IdentityProvider(base_url, os.environ["IDP_FOLDER"])
    with make_server("127.0.0.1", port, app, handler_class=QuietHandler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
