"""The label sets the dashboard's queries count, filters offer and cards colour."""

SENTIMENTS = ("negative", "neutral", "positive")
STANCES = ("agree", "disagree", "neutral")
TARGET_STANCES = ("favor", "against", "none")
