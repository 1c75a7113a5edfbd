"""Feeds and newsletters: subscriptions whose new entries arrive in the library by
themselves.

``parse`` reads a feed's bytes (feedparser; JSON Feed with the json module),
``entries`` makes an entry an article, ``discover`` finds a page's feed, ``refresh``
is the one service the window and the command line call, ``subscribe`` adds a
subscription, ``opml`` reads and writes subscription lists, ``imap`` reads a mail
folder. Stored in ``library.feeds`` (``reader.core.storage.feeds``).
"""
