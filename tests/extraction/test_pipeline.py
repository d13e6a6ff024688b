"""The pipeline's own behaviour (stages are tested in their modules' test files)."""

from __future__ import annotations

import json
import subprocess
import sys

WARM_UP_PROBE = """
import json
from according.extraction import figures, speakers
from according.extraction.pipeline import WARM_UP_TEXT, get_pipeline

pipeline = get_pipeline()
doc = pipeline.warm_up()
assert doc.text == WARM_UP_TEXT
encoder = getattr(pipeline.extractor, "encoder", None)
print(json.dumps({
    "gender_list_loaded": speakers._gender_detector.cache_info().currsize,
    "participles": figures._participle.cache_info().currsize,
    "traced": encoder is None or encoder.precision != "int8" or encoder._script is not None,
    "speakers": sorted({str(a.speaker) for a in doc.attributions}),
    "attributions": len(doc.attributions),
    "figures": [f.value for f in doc.figures],
}))
"""


def test_warm_up_pays_each_first_use_cost():
    """Regression: a server's first extraction took about 1.1 s more than the next ones (the
    int8 encoder traced, gender-guesser's and lemminflect's tables loaded on first use); the
    warm-up article must reach every one of those, in a fresh process."""
    out = subprocess.run([sys.executable, "-c", WARM_UP_PROBE], capture_output=True, text=True,
                         check=True)
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    assert probe["gender_list_loaded"] == 1
    assert probe["participles"] >= 1
    assert probe["traced"]
    # "Mary Jones ... said" and "she said": two attributions, one speaker
    assert probe["attributions"] == 2 and len(probe["speakers"]) == 1
    assert probe["figures"] == [14]
