"""The daily review's view in the window."""
