"""Within `views.remembering_actions()` each action's view is built once per audience, day and
rule (a site build asks for most actions several times); outside it, every call builds anew."""

from __future__ import annotations

import datetime as dt

from tests.conftest import AS_OF, FIXTURE_BASE

from trauma_ws.loading.programme import load
from trauma_ws.publishing import views

DAY = dt.date.fromisoformat(AS_OF)


def test_the_same_view_is_given_again_only_inside_the_block() -> None:
    programme = load(FIXTURE_BASE, use_cache=False)
    action = programme.actions["del-001"]
    outside = views.action_view(programme, action, audience="public", as_of=DAY)
    assert views.action_view(programme, action, audience="public", as_of=DAY) is not outside
    with views.remembering_actions():
        first = views.action_view(programme, action, audience="public", as_of=DAY)
        assert first == outside
        assert views.action_view(programme, action, audience="public", as_of=DAY) is first
        internal = views.action_view(programme, action, audience="internal", as_of=DAY)
        assert internal is not first
        later = views.action_view(programme, action, audience="public", as_of=DAY.replace(day=1))
        assert later is not first
        by_person = views.action_view(
            programme, action, audience="public", as_of=DAY, rule="by-person"
        )
        assert by_person is not first
        other = load(FIXTURE_BASE, use_cache=False)  # another programme: never its views
        again = views.action_view(other, other.actions["del-001"], audience="public", as_of=DAY)
        assert again is not first
        assert again == first
    assert views.action_view(programme, action, audience="public", as_of=DAY) is not first
