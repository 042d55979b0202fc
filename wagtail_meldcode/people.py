"""How the app names people in lists, choices and reports."""


def person(user):
    """A user as colleagues know them: their full name; the username only for an account
    without a name (the access report, an audit of accounts, shows both)."""
    return user.get_full_name() or user.get_username()


def offer(field, users):
    """Let the choice ``field`` choose among ``users`` only, each shown by :func:`person`."""
    field.queryset = users
    field.label_from_instance = person
