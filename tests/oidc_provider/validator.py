"""Claims of the test provider's tokens: groups, ``amr``, ``acr``; and its faults."""

import base64
import json
import time

from jwcrypto import jwk, jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

from .models import Claims, Fault


def _claims_of(serialized):
    payload = serialized.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


class TestValidator(OAuth2Validator):
    #: Every claim in every token, whatever the scopes.
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        user = request.user
        claims = Claims.objects.filter(user=user).first()
        return {
            "preferred_username": user.username,
            "email": user.email,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "groups": sorted(user.groups.values_list("name", flat=True)),
            "amr": claims.amr if claims else ["pwd"],
            **({"acr": claims.acr} if claims and claims.acr else {}),
        }

    def validate_silent_login(self, request):
        # prompt=none (the intranet's session refresh): the authorize view already asks
        # for a provider session (django-oauth-toolkit's LoginRequiredMixin).
        return True

    def validate_silent_authorization(self, request):
        return True  # the intranet's client skips the consent screen

    def finalize_id_token(self, id_token, token, token_handler, request):
        serialized = super().finalize_id_token(id_token, token, token_handler, request)
        fault = Fault.current()
        if not fault:
            return serialized
        claims, key = _claims_of(serialized), request.client.jwk_key
        if fault == "issuer":
            claims["iss"] = "http://provider.elsewhere.invalid/o"
        elif fault == "audience":
            claims["aud"] = "another-application"
        elif fault == "nonce":
            claims["nonce"] = "not-the-nonce-of-this-login"
        elif fault == "expired":
            claims["iat"], claims["exp"] = int(time.time()) - 3600, int(time.time()) - 1800
        elif fault == "signature":
            key = jwk.JWK.generate(kty="RSA", size=2048)  # the header still names the real key
        header = {"typ": "JWT", "alg": "RS256", "kid": request.client.jwk_key.thumbprint()}
        token = jwt.JWT(header=json.dumps(header), claims=json.dumps(claims))
        token.make_signed_token(key)
        return token.serialize()
