"""Data files read by tracker: the sentence encoder's tokenizer and the fixed IDF table (README.md)."""
