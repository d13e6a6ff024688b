"""Worker processes: a worker that dies loses only its chunks; workers that keep dying stop the run."""

from __future__ import annotations

import os

import pytest

from according.config import DEFAULT_SETTINGS
from according.extraction.parallel import SetupError, run_articles
from according.readers.article import Article
from tests.batch.batch_articles import MODE, article_text

SETTINGS = DEFAULT_SETTINGS.with_(mode=MODE)


class KillsTheWorker(str):
    """A text whose unpickling in the worker process ends that process at once."""

    def __reduce__(self):
        return (os._exit, (3,))


def test_a_dying_worker_fails_its_chunks_and_the_run_goes_on():
    articles = [Article("killer", KillsTheWorker("x"), {}, "killer.txt")]
    articles += [Article(f"a{i}", article_text(i), {}, f"a{i}.txt") for i in range(7)]
    outcomes = list(run_articles(articles, SETTINGS, jobs=2, chunk_size=1))
    assert [o.article.id for o in outcomes] == [a.id for a in articles]
    assert outcomes[0].doc is None and "worker process died" in outcomes[0].error
    assert outcomes[-1].doc is not None and outcomes[-1].doc["id"] == "a6"


def test_workers_that_keep_dying_stop_the_run_with_one_error():
    articles = [Article(f"k{i}", KillsTheWorker("x"), {}, f"k{i}.txt") for i in range(20)]
    with pytest.raises(SetupError, match="died 3 times in a row"):
        list(run_articles(articles, SETTINGS, jobs=2, chunk_size=1))
