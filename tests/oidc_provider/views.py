"""Test-only endpoints that set up the provider (JSON in, JSON out)."""

import json

from django.contrib.auth.models import Group, User
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oauth2_provider.models import Application

from .models import Claims, Fault


def _json(request):
    return json.loads(request.body or "{}")


@csrf_exempt
@require_POST
def client(request):
    """Register (or update) the intranet as a confidential RS256 client."""
    data = _json(request)
    application = Application.objects.filter(client_id=data["client_id"]).first() or Application(
        client_id=data["client_id"])
    application.name = "Meldcode intranet"
    application.client_type = Application.CLIENT_CONFIDENTIAL
    application.authorization_grant_type = Application.GRANT_AUTHORIZATION_CODE
    application.client_secret = data["client_secret"]
    application.redirect_uris = " ".join(data["redirect_uris"])
    application.post_logout_redirect_uris = " ".join(data["post_logout_redirect_uris"])
    application.algorithm = Application.RS256_ALGORITHM
    application.skip_authorization = True
    application.save()
    return JsonResponse({"client_id": application.client_id})


@csrf_exempt
@require_POST
def user(request):
    """Create or update a user with ``groups``, ``amr`` and ``acr``."""
    data = _json(request)
    person, created = User.objects.get_or_create(username=data["username"])
    person.email = data.get("email", f"{person.username}@school.example")
    person.first_name = data.get("first_name", "")
    person.last_name = data.get("last_name", "")
    if created:  # a new password hash would end the user's provider session
        person.set_password(data["password"])
    person.save()
    person.groups.set([Group.objects.get_or_create(name=name)[0] for name in data["groups"]])
    Claims.objects.update_or_create(user=person, defaults={"amr": data.get("amr", ["pwd"]),
                                                           "acr": data.get("acr", "")})
    return JsonResponse({"sub": str(person.pk)})


@csrf_exempt
@require_POST
def fault(request):
    """The fault of the ID tokens from now on ("" for none)."""
    Fault.objects.update_or_create(pk=1, defaults={"kind": _json(request)["kind"]})
    return JsonResponse({"kind": Fault.current()})
