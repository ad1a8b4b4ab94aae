"""The drafting desk: a department's 实施方案 (task-division table) drafted from what the plan asks of it.

Staff fill in 具体措施 themselves: the draft proposes, it does not decide. One job a module:

- ``kb.draft.model``: the draft as plain data (Draft, AreaGroup, Task);
- ``kb.draft.reader``: ``draft_for_unit`` reads a unit's draft from the KB (its tasks by kb.tasks, the 编制依据,
  the targets);
- ``kb.draft.rules``: the drafts' own rules (rules/drafts.yml);
- ``kb.draft.text``: the columns and text every writer shares;
- ``kb.draft.word``, ``kb.draft.sheet``, ``kb.draft.markdown``: the writers, each writing a Draft to a binary
  stream (a Word document in 公文 layout, a spreadsheet, Markdown);
- ``kb.draft.files``: a draft written to a file (through a temp file renamed over it, so a failure never leaves
  half a file) or to bytes for a download, and the file name it is saved under.
"""
