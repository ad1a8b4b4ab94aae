"""kb.segmenter gives exactly jieba.cut's words: on the real plan, on the synthetic benchmark corpus, on random
mixes of Chinese, ASCII, punctuation and whitespace, and after user words change jieba's dictionary."""
import random
from pathlib import Path

import jieba
import pytest

from kb.nlp import build_pipeline
from kb.rules import load_rules
from kb.segmenter import Segmenter
from kb.synth import write_synthetic_corpus

ROOT = Path(__file__).resolve().parent.parent

# Characters jieba treats differently: Chinese (its block pattern), ASCII letters, digits and the symbols it keeps
# inside a block (+#&._%-), full-width punctuation (a block boundary), and whitespace of several kinds.
ALPHABET = ("的一是了我不人在有这个上们来到时大地为子中你说生国年着就那和要出也得里后自以会家可下而过天去能对小多然于"
            "心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最但现前些所同日手又行意动方期它头经长儿"
            "回位分爱老因很给名法间知世什两次使身者被高已亲其进此话常与活正感知识产权战略专利版权商标自治区人民政府"
            "　 \n\t\r，。、；：？！“”（）《》〔〕abcXYZ0123456789.%-_#&+")


def _random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 120))) for _ in range(count)]


def test_same_words_as_jieba_on_the_plan():
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpus").glob("*.txt"))]
    lines = [line for text in texts for line in text.splitlines()]
    segmenter = Segmenter()
    assert sum(len(line) for line in lines) > 5_000
    for line in lines:
        assert segmenter.cut(line) == list(jieba.cut(line)), line
    for text in texts:
        assert segmenter.cut(text) == list(jieba.cut(text))


def test_same_words_as_jieba_on_synthetic_documents(tmp_path):
    write_synthetic_corpus(tmp_path, docs=30, seed=11, corpus_dir=ROOT / "corpus", rules_dir=ROOT / "rules")
    segmenter = Segmenter()
    texts = [path.read_text(encoding="utf-8") for path in sorted(tmp_path.glob("*.txt"))]
    assert len(texts) == 30
    for text in texts:
        assert segmenter.cut(text) == list(jieba.cut(text))


def test_same_words_as_jieba_on_random_mixed_text():
    segmenter = Segmenter()
    for text in _random_texts(seed=3, count=5_000):
        assert segmenter.cut(text) == list(jieba.cut(text)), repr(text)


def test_follows_words_added_to_jieba_after_it_was_made(monkeypatch):
    # A private tokenizer, so the words added here do not leak into the other tests' pipeline.
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    segmenter = Segmenter(tokenizer)
    text = "自治区知识产权强区建设工作领导小组办公室是了我"
    before = segmenter.cut(text)
    assert before == list(tokenizer.cut(text))
    tokenizer.add_word("知识产权强区建设")
    tokenizer.add_word("是了我")
    after = segmenter.cut(text)
    assert after == list(tokenizer.cut(text))
    assert "知识产权强区建设" in after and "是了我" in after and after != before
    for sample in _random_texts(seed=5, count=1_000):
        assert segmenter.cut(sample) == list(tokenizer.cut(sample))


def test_the_pipeline_tokens_are_jiebas_words():
    rules = load_rules(ROOT / "rules")
    nlp = build_pipeline(rules.modalities, rules.default_modality, rules.lexicons())
    text = "自治区知识产权局会同自治区版权局负责推进专利导航工程,到2020年每万人口发明专利拥有量达到3件。"
    # The words jieba's cut gives through the pipeline's own dictionary (jieba's plus the rules' words).
    own = nlp.tokenizer.segmenter.tokenizer
    assert [token.text for token in nlp(text)] == list(own.cut(text))
    assert "自治区版权局" in list(own.cut(text))


@pytest.mark.parametrize("text", ["", " ", "\r\n", "ABC", "3.5%", "——", "　　一、总体要求"])
def test_edge_cases(text):
    assert Segmenter().cut(text) == list(jieba.cut(text))


def test_two_pipelines_keep_their_own_words_and_leave_jiebas_alone():
    """Issue 13, point 5: each pipeline segments with a jieba tokenizer of its own; the words one rule set adds
    reach neither another pipeline nor jieba's global dictionary."""
    import jieba

    from kb.nlp import build_pipeline

    text = "推进青岚云河汐岭协同发展"
    word = "青岚云河汐岭"
    before = dict(jieba.dt.FREQ) if jieba.dt.initialized else None
    with_word = build_pipeline([], "陈述", [{"group": "units", "rule_id": "u", "label": "u", "phrases": [word]}])
    without = build_pipeline([], "陈述", [{"group": "units", "rule_id": "u", "label": "u", "phrases": ["别的词语"]}])
    assert word in [t.text for t in with_word.make_doc(text)]
    assert word not in [t.text for t in without.make_doc(text)]
    assert word in [t.text for t in with_word.make_doc("推进 " + text)]  # text with spaces: the same dictionary
    jieba.dt.check_initialized()
    assert word not in jieba.dt.FREQ and "别的词语" not in jieba.dt.FREQ
    if before is not None:
        assert jieba.dt.FREQ == before
