"""``kb add``: file documents as people get them (web page, Word, PDF, pasted text) into the corpus.

Planning (kb.add.plan) reads each file against what the corpus holds (kb.add.inventory); nothing is written when
any file has a problem, nothing in the corpus is overwritten without ``replace``, and the same content is never
filed twice. Writing (kb.add.write) puts every file in place through a temp file and a journal.
"""
