"""How the app names people in lists, choices and reports."""


def person(user):
    """A user as people know them: the name, with the username to tell namesakes apart."""
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()
