"""Reading who is responsible for a task: the forms of organisation names (names), the slots that hold them
(grammar), the units one clause names (reader) and a table's unit columns (table_rows), their tags over a
document (tags), and the guesses where an item names no one (inference).

In this package a *unit* is an organisation (市财政局, 各县(市、区)人民政府); a measurement unit of a target (件, 元)
is a *measure* (kb.targets).
"""
