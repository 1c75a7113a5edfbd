"""Article Reader: a desktop reader and annotator for saved articles."""

__version__ = "0.1.0"
APP_NAME = "Article Reader"
