"""Sync through a folder that a file-sync engine (Syncthing, Nextcloud, Dropbox, a USB
stick) copies between devices; merged by a CRDT (pycrdt, the Yjs engine). See
``service.py`` for the entry point and ARCHITECTURE.md for the design."""
