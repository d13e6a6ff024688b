from __future__ import annotations

import numpy as np
import pytest

from according.extraction.base import Candidate
from according.training.brat import GoldAttribution, GoldDoc
from according.training.metrics import (
    expected_calibration_error,
    fit_platt,
    match_relations,
    relation_f1,
    tag_f1,
)

TEXT = "Smith said the plan failed. Jones said it worked."


def _gold() -> GoldDoc:
    return GoldDoc("x", TEXT, [
        GoldAttribution(content=[(11, 26)], cue=[(6, 10)], source=[(0, 5)]),
        GoldAttribution(content=[(39, 48)], cue=[(34, 38)], source=[(28, 33)]),
    ])


def test_relation_matching_needs_content_dice_and_source_overlap():
    cands = [Candidate(content=[(11, 26)], source=[(0, 5)]),      # linked
             Candidate(content=[(39, 48)], source=[(0, 5)]),      # content only
             Candidate(content=[(28, 33)])]                       # unmatched
    assert match_relations(_gold(), cands) == [(True, True), (True, False), (False, False)]
    m = relation_f1([_gold()], [cands])
    assert m["content_p"] == pytest.approx(2 / 3) and m["linked_r"] == pytest.approx(0.5)


def test_tag_f1_ignores_o_tokens():
    assert tag_f1([np.array([0, 1, 2, 0])], [np.array([0, 1, 0, 0])]) == pytest.approx(2 / 3)


def test_platt_scaling_reduces_calibration_error_of_overconfident_scores():
    rng = np.random.default_rng(0)
    true_p = rng.uniform(0.2, 0.8, 4000)
    y = rng.uniform(size=4000) < true_p
    over = 1 / (1 + np.exp(-3 * np.log(true_p / (1 - true_p))))  # overconfident
    a, b = fit_platt(over, y)
    fixed = 1 / (1 + np.exp(-(a * np.log(over / (1 - over)) + b)))
    assert expected_calibration_error(fixed, y) < expected_calibration_error(over, y) / 2
    assert a == pytest.approx(1 / 3, abs=0.08)
