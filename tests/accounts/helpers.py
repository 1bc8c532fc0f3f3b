import re

LINK = re.compile(r"http://testserver(/accounts/uitnodiging/[^/\s]+/)")


def invitation_link(message):
    """The path of the invitation link in an email (the token is nowhere else)."""
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def refused_form(response, field: str) -> tuple[str, str]:
    """A form sent back with its errors: the page's HTML and the error shown next to ``field``."""
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in html
    return html, html.split(f'id="id_{field}_error"', 1)[1].split("</div>", 1)[0]
