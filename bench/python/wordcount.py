"""Word count for the original dispel4py, with the same words as examples/word_count.ts.

read (file paths) -> split (words: runs of a-z after lower-casing) -> count (group by word,
emits [word, count] at the end) -> total (global) prints "RESULT distinct total".
"""
import re

from dispel4py.base import IterativePE, ConsumerPE, GenericPE
from dispel4py.workflow_graph import WorkflowGraph

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


class Count(GenericPE):
    def __init__(self):
        GenericPE.__init__(self)
        self._add_input("input", grouping=[0])
        self._add_output("output")
        self.counts = {}

    def _process(self, inputs):
        word = inputs["input"][0]
        self.counts[word] = self.counts.get(word, 0) + 1

    def _postprocess(self):
        for word, n in self.counts.items():
            self.write("output", [word, n])


class Total(ConsumerPE):
    def __init__(self):
        ConsumerPE.__init__(self)
        self._add_input("input", grouping="global")
        self.distinct = 0
        self.total = 0

    def _process(self, data):
        self.distinct += 1
        self.total += data[1]

    def _postprocess(self):
        print(f"RESULT {self.distinct} {self.total}", flush=True)


read = Read()
read.name = "read"
split = Split()
count = Count()
total = Total()
graph = WorkflowGraph()
graph.connect(read, "output", split, "input")
graph.connect(split, "output", count, "input")
graph.connect(count, "output", total, "input")
