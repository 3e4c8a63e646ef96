"""What a trained model sees of a text: the frame `model_input` builds from texts (and, for
stance, their targets or parent comments), one column a kind of input, for the pipelines of
`etl.quality.train` to pick from.

Inputs (a model's metadata lists those it uses, so nothing unused is computed):
- `text`: the text itself (words and character n-grams are taken from it by the pipeline);
- `other`, `pair`: the target or parent, and the pair of both (stance toward a target);
- `lexicon`: polarity and subjectivity from the lexicon engines (`LEXICON_ENGINES`), columns
  `<engine>:polarity`, `<engine>:subjectivity`;
- `cues`: the reply-stance cue lexicon's hits in the text (`etl.stance`), as tokens
  `label`, `label__family`, `first__label` (a hit in the first sentence);
- `questions`: question marks in the text and in the other text (at most 3 each).

Plain functions of texts, so a fitted pipeline pickles by reference and scores the same way in
cross-validation, training and a run.
"""

import re

import numpy as np
import pandas as pd

from etl import sentiment
from etl.stance import CueStance
from etl.stance.cues import cue_hits, first_sentence_end
from etl.stance.reply_cues import REPLY_CUES, REPLY_REGEX

LEXICON_ENGINES = ("textblob-de", "german-plus")
LEXICON_COLUMNS = [f"{e}:{v}" for e in LEXICON_ENGINES for v in ("polarity", "subjectivity")]
QUESTION_COLUMNS = ["questions", "other_questions"]
INPUTS = ("text", "other", "pair", "lexicon", "cues", "questions")
_NON_WORD = re.compile(r"\W+")


def model_input(texts, others=None, inputs=("text", "other", "pair")):
    """The frame a pipeline takes: a column (or columns) for each of `inputs` (see module doc);
    `other`, `pair` and `questions` only when `others` is given."""
    texts = [_str(t) for t in texts]
    frame = pd.DataFrame({"text": texts})
    others = None if others is None else [_str(o) for o in others]
    if others is not None and ("other" in inputs or "pair" in inputs):
        frame = frame.assign(other=others, pair=[o + "\x1f" + t for o, t in zip(others, texts)])
    if "lexicon" in inputs:
        frame = pd.concat([frame, lexicon_scores(texts)], axis=1)
    if "cues" in inputs:
        decided = CueStance().predict(texts, others) if others is not None else [None] * len(texts)
        frame = frame.assign(cues=[cue_tokens(t, d) for t, d in zip(texts, decided)])
    if "questions" in inputs:
        theirs = others if others is not None else [""] * len(texts)
        frame = frame.assign(questions=question_marks(texts), other_questions=question_marks(theirs))
    return frame


def _str(value):
    return value if isinstance(value, str) else "" if value is None or pd.isna(value) else str(value)


def lexicon_scores(texts, engines=LEXICON_ENGINES):
    """Polarity and subjectivity of each text from each lexicon engine (each distinct text scored once)."""
    distinct = list(dict.fromkeys(texts))
    columns = {}
    for name in engines:
        scores = dict(zip(distinct, sentiment.get_engine(name).score_many(distinct)))
        columns[f"{name}:polarity"] = [scores[t][0] for t in texts]
        columns[f"{name}:subjectivity"] = [scores[t][1] for t in texts]
    return pd.DataFrame(columns, dtype="float64")


def lexicon_features(scores, weight=1.0):
    """The lexicon columns as model features: the scores, and for each engine whether its
    polarity makes a run's label positive or negative, all times `weight` (the TF-IDF blocks
    are unit-length rows; a weight lets a few lexicon features count beside them)."""
    values = np.asarray(scores, dtype="float64")
    polarity = values[:, 0::2]
    labels = np.hstack([polarity > sentiment.POSITIVE_ABOVE, polarity < sentiment.NEGATIVE_BELOW])
    return weight * np.hstack([values, labels])


def cue_tokens(text, decided=None):
    """The reply cue lexicon's hits in `text` as tokens: the label each hit speaks for (after
    negation), label and cue family, and `first__label` for a hit in the first sentence; "nocue"
    for none; and `engine__label`, the rule engine's decision, when `decided` is given."""
    first_end = first_sentence_end(text)
    tokens = [f"engine__{decided}"] if decided else []
    for _, label, family, match in cue_hits(REPLY_REGEX, REPLY_CUES, text):
        tokens += [label, f"{label}__{_NON_WORD.sub('_', family)}"]
        if match.start() < first_end:
            tokens.append(f"first__{label}")
    return " ".join(tokens if len(tokens) > bool(decided) else [*tokens, "nocue"])


def question_marks(texts):
    """Question marks of each text, at most 3."""
    return [min(text.count("?"), 3) for text in texts]
