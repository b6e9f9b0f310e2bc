"""Contact addresses: one mailbox written alone, refused with what to write otherwise."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from trauma_ws.record import models
from trauma_ws.record.fields import is_email


@pytest.mark.parametrize(
    "address", ["team@example.org", "first.last+chase@mail.example.co.uk", "A-Team@Example.ORG"]
)
def test_a_mailbox_is_accepted(address: str) -> None:
    assert models.Organisation(id="o", name="O", contact=address).contact == address
    assert models.Person(id="p", name="P", organisation="o", email=address).email == address
    assert is_email(address)


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("Team <team@example.org>", "write the address alone, `team@example.org`"),
        ("mailto:team@example.org", "leave out `mailto:`: write `team@example.org`"),
        ("a@example.org, b@example.org", "give one address"),
        ("a@example.org\nBcc: x@evil.example", "give one address"),
        ("team at example.org", "no spaces"),
        ("team.example.org", "it has no `@`"),
        ("team@example", "a domain such as example.org"),
        (".team@example.org", "a dot neither first"),
        ("équipe@example.org", "the part before `@`"),
        (" team@example.org", "spaces or a line break around it"),
    ],
)
def test_anything_else_is_refused_with_what_to_write(address: str, says: str) -> None:
    with pytest.raises(ValidationError) as raised:
        models.Group(id="g", name="G", purpose="P", contact=address)
    assert says in str(raised.value)
    assert not is_email(address)


def test_a_group_says_how_it_is_chased() -> None:
    group = models.Group(id="g", name="G", purpose="P", chase="chair-and-secretariat")
    assert group.chase == "chair-and-secretariat"
    assert models.Group(id="g", name="G", purpose="P").chase is None
    with pytest.raises(ValidationError):
        models.Group(id="g", name="G", purpose="P", chase="everyone")
