"""Quantitative targets: indicator, value in base units, unit, comparator, year, baseline (rules/targets.yml).

- ``document``: ``read_targets``, the targets of a document, its tables then its clauses in order;
- ``clause``: ``TargetReader``, the targets of one clause, with the year and tense carried along;
- ``indicator``: the indicator of a figure read by grammar;
- ``times``: the year and the tense marker before a figure, in time linear in the clause;
- ``view``: the text a clause's targets are read on (glosses dropped, titles and notes blanked, pieces);
- ``model``: ``Target``, a row of the ``targets`` table.

Tables of indicators with a column per year are kb.target_tables; a target's label is kb.target_text."""
