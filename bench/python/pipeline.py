"""The benchmark pipeline for the original dispel4py: Numbers -> Double -> AddOne -> Sink.

Numbers writes range(n) in one call (n from the inputs); Sink prints "RESULT count sum" at the end.
"""
from dispel4py.base import IterativePE, ConsumerPE, GenericPE
from dispel4py.workflow_graph import WorkflowGraph


class Numbers(GenericPE):
    def __init__(self):
        GenericPE.__init__(self)
        self._add_input("input")
        self._add_output("output")

    def _process(self, inputs):
        for i in range(inputs["input"]):
            self.write("output", i)


class Double(IterativePE):
    def _process(self, data):
        return data * 2


class AddOne(IterativePE):
    def _process(self, data):
        return data + 1


class Sink(ConsumerPE):
    def __init__(self):
        ConsumerPE.__init__(self)
        self.count = 0
        self.total = 0

    def _process(self, data):
        self.count += 1
        self.total += data

    def _postprocess(self):
        print(f"RESULT {self.count} {self.total}", flush=True)


numbers = Numbers()
numbers.name = "numbers"
double = Double()
add_one = AddOne()
sink = Sink()
graph = WorkflowGraph()
graph.connect(numbers, "output", double, "input")
graph.connect(double, "output", add_one, "input")
graph.connect(add_one, "output", sink, "input")
