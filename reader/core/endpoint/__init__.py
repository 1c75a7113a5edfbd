"""The local endpoint a browser extension saves pages to (HTTP on 127.0.0.1 only).

``payload`` reads and checks a request's JSON, ``saving`` puts the page and its
selection into the library, ``tokens`` keeps the paired tokens (hashed), and
``server`` answers HTTP. No Qt: the window and ``article-reader serve`` both run it.
"""
