"""The fast engine equals textblob-de bit for bit: on a varied hand-built corpus, the benchmark's
synthetic comments and (when ../shared/data is there) real comments and tweets; and step by step
(tokenizer, morphology, tagger, lemmatizer, sentiment of lemmas) against the pattern functions it
replaces."""

import csv
import gc
import importlib.util
import random
import re
import string

import pandas as pd
import pytest
from paths import ROOT, SHARED
from textblob_de import PatternTokenizer, TextBlobDE, tokenizers
from textblob_de.packages import pattern_de, pattern_text
from textblob_de.sentiments import sentiment as lexicon

from etl.sentiment import DEFAULT_ENGINE, build_engine
from etl.sentiment.german_plus import GermanPlusEngine
from etl.sentiment.textblob import FastTextBlobDE, ReferenceTextBlobDE
from etl.sentiment.textblob.engine import _word_tokenize
from etl.sentiment.textblob.tokens import Tokens

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared real data not found at {SHARED}")


def reference(text):
    result = TextBlobDE(text, tokenizer=PatternTokenizer()).sentiment
    return float(result.polarity), float(result.subjectivity)


def bits(pair):
    return tuple(float(x).hex() for x in pair)  # == plus the sign of zero


@pytest.fixture(scope="module")
def engine():
    return FastTextBlobDE().warm_up()


def lexicon_words():
    """Every 40th word of textblob-de's sentiment lexicon (adjectives, nouns, verbs, adverbs)."""
    len(lexicon)
    words = sorted(dict.keys(lexicon))[::40]
    return words + [w.capitalize() for w in words[::3]]


def varied_texts():
    """About 300 texts that reach the corners of textblob-de's pipeline."""
    texts = [
        "",
        " ",
        "   \n\t ",
        ".",
        "!",
        "?!",
        "...",
        "…",
        ",",
        "/",
        "//",
        "(!)",
        "( ! )",
        "Toll (!)",
        "-",
        "'",
        '"',
        "''",
        "Das ist gut.",
        "Das ist nicht gut.",
        "Das ist nicht so gut.",
        "Das ist gar nicht gut.",
        "Das ist kein guter Film.",
        "Keine gute Idee!",
        "Nie wieder schlecht.",
        "Ohne gute Gründe.",
        "Nichts ist gut.",
        "Nein, das ist schlecht.",
        "Das ist sehr gut.",
        "Das ist wirklich sehr gut!",
        "Das ist ziemlich schlecht.",
        "Das ist absolut furchtbar!!!",
        "Das ist unglaublich schön.",
        "Das ist nicht wirklich schlecht.",
        "Wirklich nicht gut.",
        "Eher schlecht als recht.",
        "GUT",
        "gut",
        "Gut",
        "gUT",
        "SEHR SCHLECHT!",
        "Das Ist Eine Gute Idee.",
        "schön schöner am schönsten",
        "Die Häuser sind größer, schöner und überraschend günstig.",
        "Straße, Maß, Fuß, Spaß, süß.",
        "Ärger über Öl und Übermut.",
        "Das ist großartig.",
        "Das ist grossartig.",
        "This is really good, not bad at all.",
        "I don't like it, it's terrible.",
        "Das ist cool und nice.",
        "Es kostet 3,50 € oder 12.000 Euro.",
        "Am 3. Oktober 2024 um 12:30 Uhr.",
        "1. Punkt 2. Punkt 3. Punkt",
        "Nr. 5 ist z.B. gut, d.h. sehr gut usw.",
        "Dr. Müller bzw. Prof. Meier sind u.a. nett.",
        "Das ist gut :-) aber das schlecht :-(",
        "Super :D",
        "Na ja ;-)",
        "Herz <3",
        "Das ❤ ich",
        "😀😀😀",
        "Das ist 👍 gut 👎",
        "Schön 😡 oder 😊?",
        ": )",
        "x D",
        "xD",
        ":-/ hm",
        ">:( böse",
        "Er sagte: „Das ist gut.“ Sie sagte: »Das ist schlecht.«",
        "“Gut” und ‘schlecht’ in Anführung.",
        'Er meinte "sehr gut" und ging.',
        "Das 'ist' gut.",
        "Heute gibt's viel zu tun, und das ist's.",
        "Erster Absatz ist gut.\n\nZweiter Absatz ist schlecht.",
        "Zeile eins\nZeile zwei\r\n\r\nDrei",
        "Ja/Nein, gut/schlecht und/oder 50/50.",
        "http://example.com/gut und www.beispiel.de/schlecht",
        "@nutzer #toll #schlecht RT",
        "gut,schlecht;toll:mies",
        "((gut)) [schlecht] {toll}",
        "A-1",
        "a-1",
        "c_267",
        "n-2 ist gut",
        "END-OF-SENTENCE",
        "gut END-OF-SENTENCE schlecht",
        "Lächerlich!!! Peinlich??? Naiv...",
        "Was? Wirklich? Nein!",
        "Hm.",
        "Ok.",
        "Na gut",
        "Der Gewinner gewinnt, die Verlierer verlieren.",
        "Er lachte und weinte, lief und rannte.",
        "Die Kinder spielten fröhlich, die Eltern lächelten zufrieden.",
        "Ich hasse Montage.",
        "Ich liebe es!",
        "Liebe, Hass, Freude, Trauer, Angst, Hoffnung.",
        "Katastrophe. Desaster. Erfolg.",
        "Unsinn!",
        "Quatsch mit Soße.",
        "Danke, sehr freundlich.",
        "Sehe ich genauso.",
        "Das stimmt nicht.",
        "Wo steht das im Artikel?",
        "Sehr geehrte Damen und Herren,",
        "\tEingerückt ist gut.  Doppelte  Leerzeichen  schlecht.",
        "gut\u00a0schlecht\u2028toll\x85mies",
        "Ein sehr, sehr, sehr langer Satz " + "und noch mehr gute Worte " * 40 + ".",
        " ".join(["Gut."] * 50),
        " ".join(["Schlecht!"] * 30 + ["Gut?"] * 30),
        "Ab-so-lut super-toll und mega-schlecht.",
        "Das ist ja wohl das Allerletzte.",
        "Der Staat, das sind wir.",
    ]
    texts += lexicon_words()
    rng = random.Random(5)
    shared = [
        "Das ist nicht gut.",
        "Die Regierung ist wirklich naiv.",
        "Danke für den Hinweis.",
        "Sehr gut!",
        "Das Gesetz wäre sinnvoll.",
    ]
    pool = texts[:120]
    for _ in range(60):  # sentences seen in other texts, repeats, mixed with others
        texts.append(" ".join(rng.choice(shared + pool) for _ in range(rng.randint(2, 6))))
    return list(dict.fromkeys(texts))


def bench_texts(n=400):
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [row["text"] for row in module.rows(n, seed=11)]


def assert_equal_on(engine, texts):
    got = engine.score_many(texts)
    differ = [(text, g, reference(text)) for text, g in zip(texts, got) if bits(g) != bits(reference(text))]
    assert not differ, f"{len(differ)} of {len(texts)} differ, e.g. {differ[:3]}"


def test_varied_corpus_is_large_enough_to_mean_something():
    assert len(varied_texts()) >= 300


def test_engine_equals_textblob_de_on_varied_texts(engine):
    assert_equal_on(engine, varied_texts())


def test_engine_equals_textblob_de_on_the_benchmark_corpus(engine):
    assert_equal_on(engine, bench_texts())


def test_a_fresh_engine_gives_the_same_as_a_warm_one(engine):
    texts = varied_texts()[:80]
    assert FastTextBlobDE().score_many(texts) == engine.score_many(list(reversed(texts)))[::-1]


@needs_shared
def test_engine_equals_textblob_de_on_real_comments(engine):
    posts = pd.read_csv(SHARED / "one-million-posts" / "posts.csv.xz", usecols=["Body"])
    assert_equal_on(engine, posts["Body"].dropna().astype(str).head(2000).tolist())


@needs_shared
def test_engine_equals_textblob_de_on_real_tweets(engine):
    with open(SHARED / "german-sentiment" / "sb10k-train.tsv", encoding="utf-8", newline="") as handle:
        tweets = [row[2] for row, _ in zip(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), range(1000))]
    assert_equal_on(engine, tweets)


def test_parallel_scores_equal_serial_scores_in_order(engine):
    texts = varied_texts() + bench_texts(100)
    assert engine.score_parallel(texts, workers=2) == engine.score_many(texts)


def test_parallel_with_one_worker_or_few_texts_stays_in_process(engine):
    texts = varied_texts()[:10]
    assert engine.score_parallel(texts) == engine.score_parallel(texts, workers=1) == engine.score_many(texts)


# --- step by step against the pattern functions each step replaces ---------------------------------


def sentences_of(texts):
    split = PatternTokenizer().sent_tokenize
    return [s for text in texts for s in split(text)]


def fuzz_strings(n, seed):
    pieces = list(string.punctuation + "°…“”‘’„«»\n\r\t \u00a0\u2028\x85") + [
        "...",
        "....",
        "usw.",
        "z.B.",
        "Dr.",
        "e.g.",
        "U.S.",
        "Mr.",
        " S.",
        "3.",
        "a.m.",
        "n't",
        "'s",
        "'ll",
        ":-)",
        ": )",
        ":D",
        "x D",
        "<3",
        "(!)",
        "( ! )",
        "\n\n",
        "\r\n\r\n",
        "END-OF-SENTENCE",
        "Haus",
        "gut",
        "nicht",
        "A.",
        "Ä",
        "ß",
        "😀",
        "  ",
    ]
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 25))) for _ in range(n)]


@pytest.mark.parametrize("config", ["sentences", "sentiment"])
def test_tokens_port_equals_find_tokens(config):
    if config == "sentences":  # PatternTokenizer.sent_tokenize's arguments
        args = (string.punctuation, tokenizers.ABBREVIATIONS_DE, tokenizers.replacements, r"\n{2,}")
    else:  # pattern's defaults, as Sentiment uses them
        args = pattern_text.find_tokens.__defaults__
    port = Tokens(*args)
    texts = fuzz_strings(4000, seed=len(config)) + varied_texts() + bench_texts(100)
    differ = [t for t in texts if port(t) != pattern_text.find_tokens(t, *args)]
    assert not differ, differ[:5]


def test_the_sentences_handed_over_are_those_german_plus_finds():
    pair = build_engine(DEFAULT_ENGINE)
    handover = pair.numbers._handover
    marks = ["50% gut", "a/b gut", "<b>gut</b>", "gut\\", "it's gut", "gut\ngut", "gut\u2028gut", "gut"]
    texts = list(dict.fromkeys(fuzz_strings(4000, seed=3) + varied_texts() + bench_texts(200) + marks))
    mine = Tokens(pattern_text.PUNCTUATION, pattern_de.ABBREVIATIONS, {}, r"\n{2,}")  # german-plus's
    pair.numbers.score_many(texts)
    held = {text: handover.take(text) for text in texts}
    held = {text: sentences for text, sentences in held.items() if sentences is not None}
    assert len(held) > 500 and "gut" in held and "50% gut" not in held and "it's gut" not in held
    for text, sentences in held.items():
        assert sentences == [s for line in text.splitlines() if line.strip() for s in mine(line)], text
    # What german-plus labels in the pair, taking them, is what it labels alone.
    pair.numbers.score_many(texts)
    assert pair.labels.score_many(texts) == GermanPlusEngine().score_many(texts)
    assert len(handover) == 0  # each text held was taken


def test_morphology_port_equals_pattern_for_unknown_words(engine):
    morphology = engine._tagger._morphology
    rng = random.Random(3)
    words = sorted(dict.keys(pattern_de.parser.lexicon))[::7]
    words += [w + "en" for w in words[::5]] + ["un" + w for w in words[::5]] + [w[1:] for w in words[::5]]
    words += [w.replace(" ", "") for w in fuzz_strings(2000, seed=9)]
    neighbours = sorted(morphology.next_words | morphology.previous_words) + [None, "Haus"]
    differ = []
    for word in words:
        previous, next = rng.choice(neighbours), rng.choice(neighbours)
        expected = pattern_de.parser.morphology.apply([word, "NN"], (previous, None), (next, None))[1]
        if morphology.apply(word, previous, next) != expected:
            differ.append((word, previous, next))
    assert not differ, differ[:5]


def test_tagger_gives_pattern_parse_tags_and_lemmata(engine):
    tokenize = PatternTokenizer().tokenize
    tagger, differ, n = engine._tagger, [], 0
    for sentence in sentences_of(varied_texts() + bench_texts(100)):
        line = " ".join(tokenize(sentence.replace("/", " FORWARDSLASH ")))
        expected = [
            (w, t, lemma)
            for s in pattern_de.parse(line, tokenize=False, lemmata=True).split()
            for w, t, _, _, lemma in s
        ]
        words = line.split(" ")
        got = [(w, tagger.penn(t), tagger.lemma(w, tagger.penn(t))) for w, t in zip(words, tagger.tags(words))]
        n += 1
        if got != expected:
            differ.append(sentence)
    assert n > 500 and not differ, differ[:5]


def test_lemmata_equal_find_lemmata_for_every_kind_of_tag(engine):
    # The port of find_lemmata (conjugate to the infinitive without pattern's general machinery):
    # verb forms of the verb table, words of the tagger's lexicon, unknown and odd words.
    tagger = engine._tagger
    words = sorted(tagger._verb_forms)[::4] + sorted(tagger._lexicon)[::15]
    words += [w.capitalize() for w in words[::3]] + [w.upper() for w in words[::11]]
    words += ["", "ß", "Straße", "gießt", "heißen", "weißt", "Grüße", "abknallst", "hielte", "setze nieder"]
    words += ["gefunden", "gemacht", "vergessen", "trommeln", "xyzt", "Mio.", "z.B.", "3", "-"]
    differ = [
        (word, kind)
        for kind in ("JJ", "NNS", "VB")
        for word in words
        if tagger._lemma_of(word, kind) != pattern_de.find_lemmata([[word, kind]])[0][2]
    ]
    assert len(words) > 5000 and not differ, differ[:5]


def test_lemmatizer_fast_path_equals_its_string_round_trip(engine):
    tokenize = PatternTokenizer().tokenize
    for sentence in sentences_of(varied_texts()):
        if sentence.strip():
            lines = [
                line.split(" ") for line in " ".join(tokenize(sentence.replace("/", " FORWARDSLASH "))).split("\n")
            ]
            tagged = [(words, engine._tagger.tags(words)) for words in lines]
            assert engine._lemmas(sentence) == engine._lemmatizer.lemmas_verbatim(tagged)


def test_the_sentiment_stage_uses_the_fast_engine_with_the_reference_numbers():
    from etl import sentiment

    texts = varied_texts()[:100]
    frame = pd.DataFrame({"text": texts + texts[:10]})
    engine = sentiment.get_engine("textblob-de")
    serial, n_serial = sentiment.score(frame, engine)
    parallel, n_parallel = sentiment.score(frame, engine, workers=2)
    reference, _ = sentiment.score(frame, ReferenceTextBlobDE())
    assert isinstance(engine, FastTextBlobDE) and n_serial == n_parallel == len(frame)
    for scored in (serial, parallel):
        assert scored["polarity"].tolist() == reference["polarity"].tolist()
        assert scored["subjectivity"].tolist() == reference["subjectivity"].tolist()
        assert (scored["sentiment_engine"] == "textblob-de").all()


def test_a_plain_sentence_is_tokenized_again_into_the_same_words(engine):
    checked = 0
    for text in fuzz_strings(3000, seed=4) + varied_texts() + bench_texts(100):
        assert engine._sentences.marked(text) == [(s, t is not None) for s, t in engine._sentences.grouped(text)]
        for sentence, tokens in engine._sentences.grouped(text):
            if tokens is not None and sentence.strip():
                assert tokens == sentence.split(" ")
                assert engine._lines(sentence, True) == engine._lines(sentence, False), sentence
                if "/" not in sentence and "'" not in sentence:
                    assert [_word_tokenize(tokens)] == engine._lines(sentence, False), sentence
                checked += 1
    assert checked > 1000


def test_word_tokenize_of_tokens_equals_textblob_de_on_their_sentence():
    word_tokenize = PatternTokenizer().word_tokenize
    pieces = [".", "..", "...", "-.", "./", ",-.", "a.", "Mio.", "gut", "!", "?", "'", "(!)", "x"]
    rng = random.Random(5)
    for tokens in [[p] for p in pieces] + [rng.choices(pieces, k=rng.randint(1, 4)) for _ in range(2000)]:
        assert _word_tokenize(tokens) == word_tokenize(" ".join(tokens), True), tokens


def test_sentiment_of_lemmas_equals_pattern_on_the_joined_lemmas(engine):
    pieces = [
        "gut",
        "nicht",
        "sehr",
        "schlecht",
        "toll",
        "kein",
        "Haus",
        "!",
        "(!)",
        "(",
        ")",
        "x",
        "X",
        "D",
        ":",
        ";",
        "-",
        "o",
        "O",
        ".",
        "..",
        "...",
        "3",
        "<",
        "8",
        "^",
        "°",
        "s",
        "p",
        "'s",
        "“",
        "”",
        "END-OF-SENTENCE",
        "Mio.",
        "z.B.",
        ":-)",
        "x-D",
        "o.O",
        "wohl",
        "ab",
        "ja",
        "=",
        "*",
        "]",
    ]
    rng = random.Random(8)
    sentiment = engine._sentiment
    for _ in range(3000):
        lemmas = [
            "".join(rng.choice(pieces) for _ in range(rng.choice((1, 1, 1, 2, 3)))) for _ in range(rng.randint(0, 8))
        ]
        if len(lemmas) == 1 and pattern_text.RE_SYNSET.match(lemmas[0]):
            continue  # pattern fails on these
        assert bits(sentiment.of_lemmas(lemmas)) == bits(lexicon(" ".join(lemmas))), lemmas


def test_scoring_makes_no_reference_cycles():
    # So the engine may pause Python's cycle collector while it scores.
    engine, texts = FastTextBlobDE().warm_up(), varied_texts() + bench_texts(50)
    gc.collect()
    gc.disable()
    try:
        engine.score_many(texts)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_lower_casing_never_makes_a_slash_or_whitespace():
    # The lemmatizer step relies on it to skip a check (etl/sentiment/textblob/lemmas.py).
    unsafe = re.compile(r"[\s/]")
    assert not [c for c in map(chr, range(0x110000)) if not unsafe.search(c) and unsafe.search(c.lower())]


OWN_COMMENTS = ROOT / "tests" / "data" / "sentiment" / "own-comments.txt"


def own_comments():
    """The committed sample of our own comments (tests/data/sentiment/own-comments.txt)."""
    lines = OWN_COMMENTS.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line and not line.startswith("#")]


def test_engine_equals_textblob_de_on_our_own_comments():
    # A fresh engine (cold caches), every comment against TextBlobDE per comment.
    texts = own_comments()
    assert len(texts) >= 30
    assert_equal_on(FastTextBlobDE(), texts)


@needs_shared
def test_engine_equals_textblob_de_on_every_text_of_germeval_2017_dev():
    # Every text of a real set, not a sample: GermEval 2017 (Deutsche Bahn feedback), 2,584 texts.
    with open(SHARED / "german-sentiment" / "germeval2017-dev.tsv", encoding="utf-8", newline="") as handle:
        texts = [row[1] for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if len(row) > 1]
    assert len(texts) > 2_500
    assert_equal_on(FastTextBlobDE(), texts)
