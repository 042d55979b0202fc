"""How the app names people in lists, choices and reports."""


def person(user):
    """A user as people know them: the name, with the username to tell namesakes apart."""
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


def offer(field, users):
    """Let the choice ``field`` choose among ``users`` only, each shown by :func:`person`."""
    field.queryset = users
    field.label_from_instance = person
