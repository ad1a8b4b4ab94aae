"""Issue 24: every set `kb eval` scores has a floor here, held-out sets included, computed through the library
(kb.evaluate.evaluate_sets) as `kb eval` computes them. Each figure (precision, recall, F1, accuracy, facts right)
may rise, never fall; each gold's size is as it is (a changed gold changes its floors too). The real pages of
../shared/real are scored by `kb eval --gold` and are not here: the repository holds no copy of them.

The floors are the figures of the commit that wrote this file, rounded down to three places."""
from __future__ import annotations

import pytest

from conftest import ROOT, RULES
from kb.evaluate import evaluate_sets

TESTS = ROOT / "tests"

# name: (gold, precision, recall, F1)
SCORES = {
    'targets (plan_targets)': (13, 1.0, 1.0, 1.0),
    'units, explicit (plan)': (46, 1.0, 1.0, 1.0),
    'citations (plan)': (7, 1.0, 1.0, 1.0),
    'target links (plan)': (35, 1.0, 1.0, 1.0),
    'guessed units (plan)': (89, 0.958, 0.775, 0.857),
    'targets (fixture_targets)': (42, 1.0, 1.0, 1.0),
    'targets (dev set)': (36, 0.921, 0.972, 0.945),
    'units, explicit (dev set)': (73, 0.805, 0.849, 0.826),
    'citations (dev set)': (8, 1.0, 1.0, 1.0),
    'targets (held out)': (33, 0.97, 1.0, 0.985),
    'units, explicit (held out)': (52, 0.632, 0.826, 0.716),
    'citations (held out)': (8, 0.875, 0.875, 0.875),
}

# (set, folder, file, style or all): (items, accuracy, pair precision, pair recall)
ITEMS = {
    ('dev set', 'division', 'natl-plan.txt'): (14, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'style trailing-notes'): (43, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'all'): (156, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'natl-division.txt'): (14, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'prov-division.txt'): (15, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'city-workpoints.txt'): (14, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'style label-slots'): (26, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'city-plan-slots.txt'): (12, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'county-inline.txt'): (13, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'style inline'): (13, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'heading-notes.txt'): (12, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'style heading-notes'): (12, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'task-table.docx'): (10, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'style docx-table'): (10, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'web-workpoints.html'): (12, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'style html-table'): (12, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'notice.txt'): (8, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'style notice'): (8, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'collective.txt'): (14, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'style collective'): (14, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'sub-items.txt'): (18, 1.0, 1.0, 1.0),
    ('dev set', 'division', 'style sub-items'): (18, 1.0, 1.0, 1.0),
    ('dev set', 'division-b', 'natl.txt'): (13, 1.0, 1.0, 1.0),
    ('dev set', 'division-b', 'style trailing-notes'): (38, 1.0, 1.0, 1.0),
    ('dev set', 'division-b', 'all'): (74, 1.0, 1.0, 1.0),
    ('dev set', 'division-b', 'prov.txt'): (13, 1.0, 1.0, 1.0),
    ('dev set', 'division-b', 'city.txt'): (11, 1.0, 1.0, 1.0),
    ('dev set', 'division-b', 'style label-slots'): (11, 1.0, 1.0, 1.0),
    ('dev set', 'division-b', 'county.txt'): (13, 1.0, 1.0, 1.0),
    ('dev set', 'division-b', 'style heading-notes'): (13, 1.0, 1.0, 1.0),
    ('dev set', 'division-b', 'trade.docx'): (12, 1.0, 1.0, 1.0),
    ('dev set', 'division-b', 'style docx-table'): (12, 1.0, 1.0, 1.0),
    ('dev set', 'division-b', 'jobs.html'): (12, 1.0, 1.0, 1.0),
    ('held out', 'division', 'natl-division.txt'): (14, 1.0, 1.0, 1.0),
    ('held out', 'division', 'style trailing-notes'): (14, 1.0, 1.0, 1.0),
    ('held out', 'division', 'all'): (71, 1.0, 1.0, 1.0),
    ('held out', 'division', 'prov-health-action.txt'): (12, 1.0, 1.0, 1.0),
    ('held out', 'division', 'style heading-notes'): (12, 1.0, 1.0, 1.0),
    ('held out', 'division', 'city-workpoints.txt'): (12, 1.0, 1.0, 1.0),
    ('held out', 'division', 'style label-slots'): (12, 1.0, 1.0, 1.0),
    ('held out', 'division', 'district-plan.txt'): (10, 1.0, 1.0, 1.0),
    ('held out', 'division', 'style inline'): (10, 1.0, 1.0, 1.0),
    ('held out', 'division', 'county-table.docx'): (10, 1.0, 1.0, 1.0),
    ('held out', 'division', 'style docx-table'): (10, 1.0, 1.0, 1.0),
    ('held out', 'division', 'notice-plan.txt'): (13, 1.0, 1.0, 1.0),
    ('held out', 'division', 'style notice'): (13, 1.0, 1.0, 1.0),
    ('held out', 'division-b', 'natl.txt'): (14, 1.0, 1.0, 1.0),
    ('held out', 'division-b', 'style trailing-notes'): (14, 1.0, 1.0, 1.0),
    ('held out', 'division-b', 'all'): (73, 0.849, 0.938, 0.903),
    ('held out', 'division-b', 'prov.txt'): (12, 0.833, 0.897, 1.0),
    ('held out', 'division-b', 'style label-slots'): (12, 0.833, 0.897, 1.0),
    ('held out', 'division-b', 'city-flood.txt'): (11, 0.636, 0.913, 0.777),
    ('held out', 'division-b', 'style inline'): (11, 0.636, 0.913, 0.777),
    ('held out', 'division-b', 'city-digital.docx'): (12, 1.0, 1.0, 1.0),
    ('held out', 'division-b', 'style docx-table'): (12, 1.0, 1.0, 1.0),
    ('held out', 'division-b', 'county.txt'): (12, 1.0, 1.0, 1.0),
    ('held out', 'division-b', 'style heading-notes'): (12, 1.0, 1.0, 1.0),
    ('held out', 'division-b', 'zone.html'): (12, 0.583, 0.666, 0.454),
    ('held out', 'division-b', 'style html-table'): (12, 0.583, 0.666, 0.454),
}

# (set, folder): ((gold targets, P, R, F1), indicator wording precision, facts right, areas (gold, P, R, F1))
# (The wording floors of the two facts sets were lowered once, 0.512 → 0.506 and 0.5 → 0.491, when a growth after a
# figure (…,年均增长8%以上) came to be found: it is named after the figure before it, as the gold names it, so each
# new target's wording is right exactly where its base figure's is, and the two bases' were not (软件和资讯服务业 for
# 信息, a scope 茶叶、油茶、中药材三大 kept). Recall rose on both sets; no wording that was right went wrong.
# The held-out division-b wording floor was lowered once more, 0.527 → 0.513, when a share to complete by a deadline
# (2026年底前完成治理任务的70%) came to be found: the gold names it 农村黑臭水体治理任务完成比例, kb 完成治理任务的.
# Its recall rose 0.923 → 0.949; the 19 right wordings stayed right.)
TARGETS_FACTS = {
    ('dev set', 'division'): ((108, 0.99, 0.953, 0.971), 0.563,
        {'title': 12, 'doc_number': 12, 'issuer': 12, 'date': 12, 'level': 12, 'jurisdiction': 12},
        None),
    ('dev set', 'facts'): ((84, 1.0, 0.988, 0.994), 0.506,
        {'title': 10, 'doc_number': 10, 'issuer': 10, 'date': 10, 'level': 10, 'jurisdiction': 10},
        (79, 0.93, 0.848, 0.887)),
    ('held out', 'division-b'): ((39, 1.0, 0.948, 0.973), 0.513,
        {'title': 6, 'doc_number': 6, 'issuer': 6, 'date': 6, 'level': 5, 'jurisdiction': 5},
        None),
    ('held out', 'facts'): ((65, 0.967, 0.938, 0.952), 0.491,
        {'title': 6, 'doc_number': 8, 'issuer': 6, 'date': 7, 'level': 8, 'jurisdiction': 8},
        (68, 0.826, 0.838, 0.832)),
}

@pytest.fixture(scope="module")
def report(kb_path):
    return evaluate_sets(kb_path, TESTS / "gold", TESTS / "fixtures" / "targets", RULES, TESTS / "devset",
                         TESTS / "heldout")


def _at_least(figures: tuple, floors: tuple, what) -> None:
    """The gold's size as it is (first), every other figure at least its floor."""
    assert figures[0] == floors[0], (what, "gold size", figures[0], floors[0])
    for figure, floor in zip(figures[1:], floors[1:]):
        assert figure >= floor, (what, figures, floors)


def test_every_score_of_the_plan_fixtures_dev_and_held_out_sets_keeps_its_floor(report):
    figures = {s.name: (s.gold, s.precision, s.recall, s.f1) for s in report.scores}
    assert set(figures) == set(SCORES)
    for name, floors in SCORES.items():
        _at_least(figures[name], floors, name)


def test_units_per_item_of_every_division_set_keep_their_floors(report):
    figures = {(label, directory.name, s.name): (s.items, s.accuracy, s.precision, s.recall)
               for label, directory, scores in report.items for s in scores}
    assert set(figures) == set(ITEMS)
    for key, floors in ITEMS.items():
        _at_least(figures[key], floors, key)


def test_targets_facts_and_areas_of_every_set_keep_their_floors(report):
    sets = {(s.label, s.directory.name): s for s in report.targets_facts}
    assert set(sets) == set(TARGETS_FACTS)
    for key, (targets, wordings, facts, areas) in TARGETS_FACTS.items():
        scored = sets[key]
        _at_least((scored.targets.gold, scored.targets.precision, scored.targets.recall, scored.targets.f1),
                  targets, key)
        assert scored.wordings.precision >= wordings, key
        assert set(scored.facts) == set(facts), key
        for name, right in facts.items():
            assert scored.facts[name][0] >= right, (key, name, scored.facts[name])
        if areas is None:
            assert scored.areas is None, key
        else:
            _at_least((scored.areas.gold, scored.areas.precision, scored.areas.recall, scored.areas.f1), areas,
                      key)


def test_every_target_of_the_plan_has_a_delivering_clause(report):
    assert report.unlinked == []
