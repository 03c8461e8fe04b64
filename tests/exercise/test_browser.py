"""The exercise in Chromium: the directing staff inject from the console, a syndicate reads
the message on its page and answers in its plan, and the console shows the answer."""

from __future__ import annotations

from typing import Any

from impp.store import Store, head
from impp.store.summaries import stored_summary
from tests.exercise.conftest import password


def _signed_in(browser: Any, server: str, name: str, path: str) -> Any:
    page = browser.new_context().new_page()
    page.goto(f"{server}{path}")
    assert "/login" in page.url
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password(name))
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}{path}")
    return page


def _analysed(store: Store, *plans: str) -> None:
    """The analyses the next page reads, computed here (the page would show them as
    being computed, and compute them in the background)."""
    for plan in plans:
        stored_summary(store, head(store, plan).plan_object())


def test_inject_read_answer_and_see_the_answer(browser: Any, server: str,
                                               exercise_store: Store) -> None:
    trainer = _signed_in(browser, server, "ds-lead", "/exercises/course")
    cards = trainer.locator("section.syndicate")
    assert cards.count() == 3  # two syndicates and the solution
    assert "Score" in trainer.inner_text("section[data-syndicate=alpha]")
    trainer.click("#inject-I02 button")
    trainer.wait_for_url(f"{server}/exercises/course")
    assert "alpha day 0; bravo day 0" in trainer.inner_text("#inject-I02 .fired")
    assert trainer.is_disabled("#inject-I02 button")

    member = _signed_in(browser, server, "alpha-1", "/exercises/course")
    message = member.locator("article.message[data-inject=I02]")
    assert "One strategic aircraft withdrawn" in message.inner_text()
    assert "lift.strategic_air.count: 3 -> 2" in message.inner_text()
    assert member.locator("article.message").count() == 1
    # the syndicate answers in its plan: a replacement charter
    member.click("text=Edit it")
    text = member.input_value("textarea[name=yaml]")
    marker = "id: strategic_air"
    at = text.index(marker)
    count_at = text.index("count: 2", at)
    fixed = text[:count_at] + "count: 3" + text[count_at + len("count: 2"):]
    member.eval_on_selector("textarea[name=yaml]", "(box, t) => { box.value = t; }", fixed)
    member.fill("input[name=message]", "Replacement charter for the withdrawn aircraft")
    member.click("form.editor button[type=submit]")
    member.wait_for_url("**/revisions**")

    _analysed(exercise_store, "course-alpha", "course-bravo")
    trainer.reload()
    alpha = trainer.inner_text("section[data-syndicate=alpha]")
    bravo = trainer.inner_text("section[data-syndicate=bravo]")
    assert "Open injects: none" in alpha, alpha
    assert "Open injects: I02" in bravo, bravo
    assert "alpha-1" in alpha  # the last revision is the member's
