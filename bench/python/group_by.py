"""GroupBy over many keys for the original dispel4py: keys -> count (group by key) -> total (global).

keys writes [i % distinct, 1] for i < n; total prints "RESULT distinct total".
"""
from dispel4py.base import GenericPE
from dispel4py.workflow_graph import WorkflowGraph

from common import CountBy, Totals


class Keys(GenericPE):
    def __init__(self):
        GenericPE.__init__(self)
        self._add_input("input")
        self._add_output("output")

    def _process(self, inputs):
        n, distinct = inputs["input"]
        for i in range(n):
            self.write("output", [i % distinct, 1])


keys = Keys()
keys.name = "keys"
graph = WorkflowGraph()
count = CountBy()
graph.connect(keys, "output", count, "input")
graph.connect(count, "output", Totals(1), "input")
