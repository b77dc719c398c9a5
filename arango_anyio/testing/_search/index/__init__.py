"""Inverted indexes: which values of a document are indexed under which field names
(:mod:`.fields`), their postings lists (:mod:`.postings`), and one collection's index kept in
step with its documents (:mod:`.store`)."""
