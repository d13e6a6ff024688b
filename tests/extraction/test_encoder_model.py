"""The encoders' transformer stacks in plain torch: the same numbers as transformers, loaded
without it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import torch

from according.errors import InputError
from according.extraction.encoder import MAX_PIECES, WordPieces
from according.extraction.encoder_model import EncoderConfig, load_encoder_model
from according.extraction.encoder_weights import model_dir
from tests.markers import needs_mpnet

ENCODERS = ["minilm-l6", pytest.param("mpnet", marks=needs_mpnet)]


@pytest.fixture(scope="module", params=ENCODERS)
def pair(request):
    """(our model, transformers' model, the checkpoint folder) for each encoder, 3 layers."""
    from transformers import AutoModel

    folder = model_dir(request.param)
    ref = AutoModel.from_pretrained(folder).eval()
    ref.encoder.layer = ref.encoder.layer[:3]
    ref.config.num_hidden_layers = 3
    return load_encoder_model(folder, 3), ref, folder


def _ids(n: int, seed: int = 0) -> torch.Tensor:
    rng = np.random.default_rng(seed)
    return torch.from_numpy(np.r_[0, rng.integers(1000, 29000, n - 2), 2])[None]


def test_hidden_states_are_transformers_to_the_last_bit(pair):
    ours, ref, _ = pair
    for n in (3, 57, MAX_PIECES + 2):
        ids = _ids(n, n)
        with torch.no_grad():
            expected = ref(input_ids=ids, output_hidden_states=True).hidden_states
            got = ours(ids)
        assert len(got) == len(expected) == 4
        for k, (a, b) in enumerate(zip(got, expected, strict=True)):
            assert torch.equal(a, b), (n, k)


def test_padded_windows_match_transformers_on_their_real_pieces(pair):
    ours, ref, _ = pair
    pad = 1 if ours.config.kind == "mpnet" else 0
    a, b = _ids(20, 1)[0], _ids(9, 2)[0]
    ids = torch.full((2, 20), pad, dtype=torch.long)
    ids[0], ids[1, :9] = a, b
    mask = (torch.arange(20)[None] < torch.tensor([[20], [9]])).long()
    with torch.no_grad():
        expected = ref(input_ids=ids, attention_mask=mask, output_hidden_states=True).hidden_states
        got = ours(ids, mask)
        alone = ours(b[None])
    for e, g, s in zip(expected, got, alone, strict=True):
        assert torch.allclose(g[mask.bool()], e[mask.bool()], atol=1e-5)
        assert torch.allclose(g[1, :9], s[0], atol=1e-5)  # padding changes nothing real


def test_only_the_layers_read_are_built(pair):
    _, _, folder = pair
    model = load_encoder_model(folder, 2)
    assert len(model.encoder.layer) == 2
    assert not [k for k in model.state_dict() if k.startswith("encoder.layer.2.")]


def test_word_pieces_are_transformers_ids_and_offsets_whatever_the_file_stores(pair):
    """The packaged tokenizer.json pads and truncates to 128 pieces; windows must do neither."""
    from transformers import AutoTokenizer

    _, _, folder = pair
    ref = AutoTokenizer.from_pretrained(folder)
    ours = WordPieces(folder)
    long = " ".join(["The minister’s spokesman said the port would reopen."] * 80)  # > 512
    texts = ["“We will rebuild,” he said.", "Ünïcode — Straße, 3.5% and e-mail.", long]
    ref_win = ref(texts, return_offsets_mapping=True, truncation=True, max_length=512)
    ref_plain = ref(texts, add_special_tokens=False, return_offsets_mapping=True)
    for i, (ids, offs) in enumerate(ours.encode(texts)):
        assert ids == ref_win["input_ids"][i] and [tuple(o) for o in ref_win["offset_mapping"][i]] == offs
    for i, (ids, offs) in enumerate(ours.encode(texts, special=False)):
        assert ids == ref_plain["input_ids"][i] and [tuple(o) for o in ref_plain["offset_mapping"][i]] == offs
    assert len(ours.encode([long])[0][0]) == 512 and len(ours.encode([long], special=False)[0][0]) > 600


def test_a_bad_checkpoint_fails_with_one_line_naming_the_file(tmp_path):
    with pytest.raises(InputError, match="config.json"):
        EncoderConfig.read(tmp_path, 2)
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "gpt2"}), encoding="utf-8")
    with pytest.raises(InputError, match="unsupported encoder"):
        EncoderConfig.read(tmp_path, 2)
    folder = model_dir("minilm-l6")
    (tmp_path / "config.json").write_bytes(Path(folder, "config.json").read_bytes())
    (tmp_path / "model.safetensors").write_bytes(b"not safetensors")
    with pytest.raises(InputError, match="model.safetensors") as err:
        load_encoder_model(tmp_path, 2)
    assert "\n" not in str(err.value)
    with pytest.raises(InputError, match="6 layers, not 7"):
        EncoderConfig.read(folder, 7)
    with pytest.raises(InputError, match="tokenizer.json"):
        WordPieces(str(tmp_path))


@pytest.mark.parametrize("mode", ["accurate", pytest.param("large", marks=needs_mpnet)])
def test_extraction_does_not_import_transformers(mode):
    """Regression: importing transformers' model classes cost every run ~3.4 s and ~150 MB
    before its first article; the encoders now load without it."""
    code = textwrap.dedent("""
        import sys
        from according.config import DEFAULT_SETTINGS
        from according.extraction.pipeline import Pipeline
        Pipeline(DEFAULT_SETTINGS.with_(mode=sys.argv[1]))("The minister said the port would reopen.")
        print(sorted(m for m in ("transformers", "sympy", "torch._dynamo") if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", code, mode], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
