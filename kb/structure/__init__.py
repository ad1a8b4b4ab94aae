"""The numbering ladder → sections → paragraphs → clauses, with ids and offsets (design.md's kb.structure step).

Works on the parsing view (kb.normalize) and records offsets into the document's own text, which it never
changes. Everything about what a marker, a heading or a sentence end looks like comes from rules/structure.yml;
ids are made by kb.ids. One job a module:

- ``model``: what the step reads (StructureRules) and returns (Section, Clause, DocumentStructure);
- ``lines``: a text's lines, hard-wrapped lines joined and run-together items cut apart;
- ``tables``: the rows and headers of flattened tables, kept apart from the lines around them;
- ``ladder``: each line's numbering marker, attachment and note lines, and which numbered lines head others;
- ``sentences``: the clauses of a paragraph (sentence ends outside brackets) and the forms of a paragraph's title;
- ``builder``: sections and clauses made with their ids, and task items joined;
- ``segment``: ``segment(document_id, text, rules, …)``, each line read into sections and clauses.
"""
