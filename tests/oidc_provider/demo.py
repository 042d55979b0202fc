"""The identity provider of ``make demo-sso``: the test provider on port 8001, with the
example intranet (port 8000) as its client and one user per role.

``python -m tests.oidc_provider.demo VAR_DIR`` starts it, writes the intranet's
``OIDC_*`` settings as shell exports to ``VAR_DIR/oidc.env`` and runs until it is
stopped. Its database and signing key stay in ``VAR_DIR`` between runs.
"""

import shlex
import signal
import sys
from pathlib import Path

from tests.oidc_provider.server import ProviderServer, rsa_key_pem

PORT = 8001
INTRANET = "http://127.0.0.1:8000"
CLIENT_ID, CLIENT_SECRET = "meldcode-demo", "demo-only-client-secret"
#: username -> (first name, last name, provider groups); the demo maps the groups to roles.
USERS = {
    "sanne": ("Sanne", "Smit", ["meldcode-medewerkers"]),
    "jeroen": ("Jeroen", "de Boer", ["meldcode-aandachtsfunctionarissen"]),
    "anouk": ("Anouk", "Mulder", ["meldcode-management"]),
    "kees": ("Kees", "Jansen", ["sportclub"]),
}


def main(folder):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    key_file = folder / "signing-key.pem"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(rsa_key_pem())
    provider = ProviderServer(folder, port=PORT, key=key_file.read_text()).start()
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        provider.register_client(CLIENT_ID, CLIENT_SECRET, [INTRANET])
        for username, (first_name, last_name, groups) in USERS.items():
            provider.add_user(username, groups, amr=["pwd", "mfa"], first_name=first_name,
                              last_name=last_name)
        settings = {**provider.settings(), "OIDC_RP_CLIENT_ID": CLIENT_ID,
                    "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
                    "MELDCODE_SSO_PROVIDER_NAME": "de testprovider",
                    "MELDCODE_SSO_TRUSTED_MFA": "mfa"}
        (folder / "oidc.env").write_text("".join(
            f"export {name}={shlex.quote(value)}\n" for name, value in settings.items()))
        provider.process.wait()
    finally:
        provider.stop()


if __name__ == "__main__":
    main(sys.argv[1])
