"""textblob-de itself, one blob per text: what the exact engine must equal, bit for bit."""


class ReferenceTextBlobDE:
    """Exactly `TextBlobDE(text, tokenizer=PatternTokenizer()).sentiment`, one blob per text: the
    reference the default engine (engine.FastTextBlobDE) is tested and benchmarked against."""

    name = "textblob-de-reference"

    def __init__(self):
        # textblob-de loads its lexicon at import; import here so nothing loads until needed.
        from textblob_de import PatternTokenizer, TextBlobDE

        self._blob = TextBlobDE
        self._tokenizer = PatternTokenizer()

    def score(self, text: str) -> tuple[float, float]:
        """(polarity, subjectivity) of one text."""
        result = self._blob(text, tokenizer=self._tokenizer).sentiment
        return float(result.polarity), float(result.subjectivity)
