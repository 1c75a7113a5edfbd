"""``python -m reader`` does what the ``article-reader`` command does."""

import sys

from reader.app import main

sys.exit(main())
