"""The emulator's search engine: analyzers, inverted indexes with postings lists, the
filters ``SEARCH`` is compiled to, BM25/TF-IDF scoring and exact vector search.

It knows nothing about the store or the AQL engine: the state layer feeds it documents
(:mod:`.index`), the AQL engine hands it compiled filters (:mod:`.query`) through the
``QueryContext`` seam. Nothing here imports either of them.
"""
