"""The token store as the corpus' document index (discourse/tokenization/index.py)."""

import datetime as dt

from discourse import Corpus, Document, tokens


def test_views_answer_from_the_token_cache_without_reading(tmp_path):
    reads = []

    def factory(stats):
        reads.append(1)
        for i in range(20):
            stats.read += 1
            if i == 5:
                stats.skip("empty text", "line 6")
                continue
            stats.kept += 1
            yield Document(f"d{i}", f"words {i}", "A" if i % 2 else "B", dt.date(2000 + i, 1, 1))

    c = Corpus(factory, origin=f"view-test-{tmp_path}")
    tokens(c)
    n = len(reads)
    fresh = Corpus(factory, origin=f"view-test-{tmp_path}")
    view = fresh.filter(source="A", years=(2005, 2015))
    assert len(view) == 5 and view.ids == ["d7", "d9", "d11", "d13", "d15"]
    assert view.stats.read == 20 and view.stats.kept == 19 and view.stats.skipped["empty text"] == 1
    assert len(reads) == n, "the view read the texts although the token cache had the answer"
