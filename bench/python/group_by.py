"""GroupBy over many keys for the original dispel4py: keys -> count (group by key) -> total (global).

keys writes [i % distinct, 1] for i < n; total prints "RESULT distinct total".
"""
from dispel4py.base import ConsumerPE, GenericPE
from dispel4py.workflow_graph import WorkflowGraph


class Keys(GenericPE):
    def __init__(self):
        GenericPE.__init__(self)
        self._add_input("input")
        self._add_output("output")

    def _process(self, inputs):
        n, distinct = inputs["input"]
        for i in range(n):
            self.write("output", [i % distinct, 1])


class Count(GenericPE):
    def __init__(self):
        GenericPE.__init__(self)
        self._add_input("input", grouping=[0])
        self._add_output("output")
        self.counts = {}

    def _process(self, inputs):
        key, n = inputs["input"]
        self.counts[key] = self.counts.get(key, 0) + n

    def _postprocess(self):
        for key, n in self.counts.items():
            self.write("output", [key, n])


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


keys = Keys()
keys.name = "keys"
count = Count()
total = Total()
graph = WorkflowGraph()
graph.connect(keys, "output", count, "input")
graph.connect(count, "output", total, "input")
