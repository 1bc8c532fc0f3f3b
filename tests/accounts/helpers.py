import re

LINK = re.compile(r"http://testserver(/accounts/uitnodiging/[^/\s]+/)")


def invitation_link(message):
    """The path of the invitation link in an email (the token is nowhere else)."""
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)
