"""The pages-as-they-come gate: real stories added page by page, as a newsroom gets them.

Runs eval/real_stories.py (`--mode text --append`: each page as it came from the web, added with
`tracker add` in order of its true day) on two real stories of ../shared/data/real-stories and
scores each with the shared scorer against the floors pinned in eval/real_stories_baseline.json
("text-append-stories"). A page added alone has no day; dated anew when its story's next pages
come, the pages end with the days one build of them gives. Skips when the shared data is absent
locally; fails under CI.
"""

from __future__ import annotations

import json

import pytest

from tests.evalmods import EVAL, SHARED_DATA, eval_module, require_shared

STORIES = SHARED_DATA / "real-stories"
FLOORS = json.loads((EVAL / "real_stories_baseline.json").read_text(encoding="utf-8"))["text-append-stories"]


@pytest.fixture(scope="module")
def scores():
    require_shared(STORIES, "pages-as-they-come")
    found = eval_module("real_stories").run([STORIES / name for name in sorted(FLOORS)], "text", None, False, append=True)
    return {name: score for name, score, _ in found}


@pytest.mark.parametrize("story", sorted(FLOORS))
def test_a_real_story_added_page_by_page_holds_its_floor(scores, story):
    assert scores[story] >= FLOORS[story], (story, scores[story], FLOORS[story])
