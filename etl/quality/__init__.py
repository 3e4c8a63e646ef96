"""How good the engines are, offline: labelled data sets (`datasets`), the measured quality of
every engine on them (`evaluate`), and models trained on a user's own labels (`train`, which
needs the `train` extra: scikit-learn)."""
