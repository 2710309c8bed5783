"""Word count for the original dispel4py, with the same words as examples/word_count.ts.

read (file paths) -> split (words: runs of a-z after lower-casing) -> count (group by word,
emits [word, count] at the end) -> total (global) prints "RESULT distinct total".
"""
import re

from dispel4py.base import IterativePE
from dispel4py.workflow_graph import WorkflowGraph

from common import CountBy, Totals

WORD = re.compile(r"[a-z]+")


class Read(IterativePE):
    def _process(self, path):
        with open(path) as f:
            for line in f:
                self.write("output", line)


class Split(IterativePE):
    def _process(self, line):
        for word in WORD.findall(line.lower()):
            self.write("output", [word, 1])


read = Read()
read.name = "read"
split = Split()
count = CountBy()
graph = WorkflowGraph()
graph.connect(read, "output", split, "input")
graph.connect(split, "output", count, "input")
graph.connect(count, "output", Totals(1), "input")
