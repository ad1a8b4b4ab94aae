"""The drafting desk: a department's 实施方案 (task-division table) drafted from what the plan asks of it.

Staff fill in 具体措施 themselves: the draft proposes, it does not decide. One job a module:

- ``kb.draft.model``: the draft as plain data (Draft, AreaGroup, Task, Mention);
- ``kb.draft.reader``: ``draft_for_unit`` reads a unit's draft from the KB (its tasks by kb.tasks outside the plan's
  preamble parts, the items that only mention it, the 编制依据), ``draft_documents`` the documents it has one of;
- ``kb.draft.indicators``: a task's 相关指标, only the targets the task sets or names (their words or metric);
- ``kb.draft.rules``: the drafts' own rules (rules/drafts.yml);
- ``kb.draft.text``: the columns and text every writer shares;
- ``kb.draft.word``, ``kb.draft.sheet``, ``kb.draft.markdown``: the writers, each writing a Draft to a binary
  stream (a Word document in 公文 layout, a spreadsheet, Markdown);
- ``kb.draft.sheet_print``: the one print setup of every spreadsheet kb writes (the drafts', the search export's);
- ``kb.draft.files``: a draft written to a file (through a temp file renamed over it, so a failure never leaves
  half a file) or to bytes for a download, and the file name it is saved under.
"""
