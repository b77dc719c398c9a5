"""``SEARCH`` conditions as filters (:mod:`.filters`) and their evaluation over search
indexes (:mod:`.execute`), with the matching of term sets (:mod:`.terms`) and phrases
(:mod:`.phrase`)."""
