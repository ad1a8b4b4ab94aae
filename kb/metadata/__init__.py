"""A document's facts read from its own text: title, 文号, issuer (落款), date, 主送, attachments, kind, level,
and, for a notice that issues or forwards another document, where that document's text begins.

The patterns are in rules/metadata.yml; 文号 are read with kb.doc_numbers. Facts a file carries outside its text
(a web page's information table) fill in what the text does not say; flags given to `kb add` override all. One job
a module:

- ``facts``: what is read (DocumentFacts, AttachedDocument, FIELDS);
- ``lines``: what a single line is (a title line, a 成文日期, a 落款 name, a 主送 line, furniture) and the kind of
  document a title makes;
- ``labels``: the page's head: label lines and tables (文号: …), breadcrumb and furniture, garbled lines, 文号 lines;
- ``title``: the title line(s), a headline, the title tidied, the document a notice issues;
- ``news``: news reports: leads (X于DATE印发《Y》), the report's first line, its date, 原标题;
- ``signature``: the 落款 and 成文日期 line, the 主送 line, joint issuers, a report's date line, attachments;
- ``level``: level and jurisdiction from the issuer's name, a place, or the tiers a text names;
- ``reader``: ``MetadataReader.read``, the steps above in order.
"""
