"""Learned phrases (discourse/tokenization/phrases.py)."""

from discourse import Corpus, Document, Tokenizer, tokens


def test_learned_phrases_become_tokens():
    from discourse import learn_phrases

    verbs, topics = (
        ["met", "voted", "spoke", "acted", "decided", "failed"],
        ["Syria", "Iran", "trade"],
    )
    docs = [
        Document(f"{v}-{t}", f"The Security Council {v} on {t}.\nThe rule of law matters.", "X")
        for v in verbs
        for t in topics
    ]
    corpus = Corpus(docs)
    phrases = learn_phrases(corpus, min_count=5)
    assert "security council" in phrases and "rule of law" in phrases
    store = tokens(corpus, tokenizer=Tokenizer(mwes=phrases))
    assert "security_council" in store.token2id and "rule_of_law" in store.token2id
    assert store.term_freq[store.token2id["security_council"]] == len(docs)
