"""The benchmark pipeline for the original dispel4py: numbers -> Double -> AddOne -> sink.

numbers writes range(n) in one call; the sink prints "RESULT count sum" at the end.
"""
from dispel4py.base import IterativePE
from dispel4py.workflow_graph import WorkflowGraph

from common import Range, Totals


class Double(IterativePE):
    def _process(self, data):
        return data * 2


class AddOne(IterativePE):
    def _process(self, data):
        return data + 1


numbers = Range()
numbers.name = "numbers"
double = Double()
add_one = AddOne()
graph = WorkflowGraph()
graph.connect(numbers, "output", double, "input")
graph.connect(double, "output", add_one, "input")
graph.connect(add_one, "output", Totals(None), "input")
