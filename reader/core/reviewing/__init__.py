"""The daily review: FSRS scheduling of highlights (``cards``), choosing the day's review
(``today``) and question cards with a part of the passage hidden (``cloze``).

Pure functions and dataclasses; ``storage/review.py`` keeps the cards and logs.
"""
