"""The project's metrics must equal the reference scorer's on the same predictions."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from according.evaluation.run import gold_triples
from according.evaluation.scorer import PRF, score
from according.training.brat import read_dir


def _reference(path):
    spec = importlib.util.spec_from_file_location("reference_scorer", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_perfect_and_empty_predictions():
    text = "Officials said the bridge was closed."
    gold = [("d", text, [{"source": [(0, 9)], "cue": [(10, 14)], "content": [(15, 36)]}])]
    perfect = score(gold, {"d": [{"source": [(0, 9)], "cue": [(10, 14)], "content": [(15, 36)]}]})
    assert perfect["relation/linked"] == PRF(1.0, 1.0, 1.0)
    empty = score(gold, {})
    assert empty["relation/linked"].f1 == 0.0 and empty["_counts"]["gold_attributions"] == 1


@pytest.mark.shared
def test_metrics_equal_reference_scorer(polnear_dev, reference_scorer, tmp_path):
    """Perturbed gold as predictions exercises partial matches, misses and wrong sources."""
    ref = _reference(reference_scorer)
    gold_docs = read_dir(polnear_dev)[:30]
    lines, preds = [], {}
    for k, g in enumerate(gold_docs):
        attrs = []
        for i, a in enumerate(g.attributions):
            if (i + k) % 5 == 0:
                continue  # a miss
            content = [(s + (i % 3), e) for s, e in a.content or []]
            source = None if i % 7 == 0 else a.source
            attrs.append({"source": {"spans": source} if source else None,
                          "cue": {"start": a.cue[0][0], "end": a.cue[0][1]} if a.cue else None,
                          "content": {"spans": content}})
        attrs.append({"source": None, "cue": None, "content": {"start": 0, "end": 40}})
        preds[g.name] = [{r: (None if v is None else [tuple(x) for x in v.get("spans") or
                                                       [(v["start"], v["end"])]])
                          for r, v in a.items()} for a in attrs]
        lines.append(json.dumps({"id": g.name, "attributions": attrs}))
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("\n".join(lines) + "\n")
    gold_dir = tmp_path / "gold"
    (gold_dir / "text").mkdir(parents=True)
    (gold_dir / "attributions").mkdir()
    for g in gold_docs:
        (gold_dir / "text" / f"{g.name}.txt").write_text(g.text, encoding="utf-8")
        for ann in sorted((polnear_dev / "attributions").glob(f"{g.name}_*.ann"))[:1]:
            (gold_dir / "attributions" / ann.name).write_bytes(ann.read_bytes())
    expected = ref.score(ref.load_gold(str(gold_dir)), ref.load_preds(str(pred_path)))
    ours = score(gold_triples(gold_docs), preds)
    assert ours["_counts"] == expected["_counts"]
    for key, value in expected.items():
        if key.startswith("_"):
            continue
        assert (ours[key].precision, ours[key].recall, ours[key].f1) == pytest.approx(value), key
    # And the command-line script agrees with itself on the file we wrote.
    out = subprocess.run([sys.executable, str(reference_scorer), str(gold_dir), str(pred_path), "--json"],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["relation/linked"][2] == pytest.approx(ours["relation/linked"].f1)


@pytest.mark.shared
def test_evaluate_command_matches_reference_on_its_predictions(polnear_dev, reference_scorer, tmp_path):
    """``according evaluate`` prints what the reference script computes on the same predictions."""
    from click.testing import CliRunner

    from according.cli.main import cli

    gold_dir = tmp_path / "gold"
    (gold_dir / "text").mkdir(parents=True)
    (gold_dir / "attributions").mkdir()
    for tpath in sorted((polnear_dev / "text").glob("*.txt"))[:6]:
        (gold_dir / "text" / tpath.name).write_bytes(tpath.read_bytes())
        for ann in (polnear_dev / "attributions").glob(f"{tpath.stem}_*.ann"):
            (gold_dir / "attributions" / ann.name).write_bytes(ann.read_bytes())
    pred = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(cli, ["evaluate", str(gold_dir), "--pred-out", str(pred), "--json"])
    assert result.exit_code == 0, result.output
    ours = json.loads(result.output)
    ref = subprocess.run([sys.executable, str(reference_scorer), str(gold_dir), str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    expected = json.loads(ref.stdout)
    assert ours["_counts"] == expected["_counts"]
    for key, value in expected.items():
        if not key.startswith("_"):
            assert ours[key] == pytest.approx(value), key


def test_linked_f1_per_attribution_type():
    from according.evaluation.scorer import score_by_type

    text = ('"We will win," the mayor said. Officials said the bridge was closed. '
            "Costs rose, according to the council.")

    def at(piece, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = text.index(piece, start + 1)
        return [(start, start + len(piece))]

    direct = {"source": at("the mayor"), "cue": at("said"), "content": at('"We will win,"')}
    indirect = {"source": at("Officials"), "cue": at("said", 1), "content": at("the bridge was closed")}
    according = {"source": at("the council"), "cue": at("according to"), "content": at("Costs rose")}
    gold = [("d", text, [direct, indirect, according])]
    wrong_source = {**indirect, "source": at("the mayor")}
    m = score_by_type(gold, {"d": [direct, wrong_source]}, {"d": ["direct", "indirect"]})
    assert m["by_type/direct/linked"] == PRF(1.0, 1.0, 1.0)
    assert m["by_type/indirect/linked"] == PRF(0.0, 0.0, 0.0)
    assert m["by_type/according_to/linked"].recall == 0.0
    assert m["_by_type_counts"]["according_to_gold"] == 1
    assert m["_by_type_counts"]["indirect_predicted"] == 1


@pytest.fixture
def one_article(tmp_path):
    """A PolNeAR-layout directory with one article and its one attribution."""
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    text = "The mayor said the bridge was closed.\n"
    (tmp_path / "text" / "d.txt").write_text(text, encoding="utf-8")
    (tmp_path / "attributions" / "d_a.ann").write_text(
        "T1\tSource 0 9\tThe mayor\nT2\tCue 10 14\tsaid\nT3\tContent 15 36\tthe bridge was closed\n"
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n", encoding="utf-8")
    return tmp_path


def test_evaluate_by_type_option(one_article):
    from click.testing import CliRunner

    from according.cli.main import cli

    result = CliRunner().invoke(cli, ["evaluate", str(one_article), "--by-type", "--mode", "rules"])
    assert result.exit_code == 0, result.output
    assert "by_type/indirect/linked" in result.output


def test_evaluate_applies_min_confidence(one_article):
    from click.testing import CliRunner

    from according.cli.main import cli

    def linked(*extra):
        result = CliRunner().invoke(cli, ["evaluate", str(one_article), "--mode", "rules", "--json", *extra])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)["relation/linked"][2]

    assert linked() == 1.0
    assert linked("--min-confidence", "1") == 0.0


def test_scores_per_group_of_documents():
    from according.evaluation.scorer import score_by_group

    text = "Officials said the bridge was closed."
    attr = {"source": [(0, 9)], "cue": [(10, 14)], "content": [(15, 36)]}
    gold = [(name, text, [attr]) for name in ("GUM_court_a", "GUM_court_b", "GUM_vlog_a", "other")]
    m = score_by_group(gold, {"GUM_court_a": [attr], "GUM_vlog_a": [attr]},
                       lambda name: name.split("_")[1] if name.startswith("GUM_") else None)
    assert m["by_group/court/linked"].recall == 0.5 and m["by_group/vlog/linked"].recall == 1.0
    assert m["_groups"] == {"court": 2, "vlog": 1}


def test_evaluate_group_by_option(one_article):
    from click.testing import CliRunner

    from according.cli.main import cli

    result = CliRunner().invoke(cli, ["evaluate", str(one_article), "--mode", "rules", "--group-by", "(d)"])
    assert result.exit_code == 0, result.output
    assert "by_group/d/linked" in result.output
    bad = CliRunner().invoke(cli, ["evaluate", str(one_article), "--mode", "rules", "--group-by", "("])
    assert bad.exit_code == 2 and "not a regular expression" in bad.output
