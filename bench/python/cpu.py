"""A CPU-bound workflow for the original dispel4py: jobs -> work (about 2 ms of arithmetic each).

work prints nothing; Sink prints "RESULT count sum-of-job-numbers" at the end.
"""
from dispel4py.base import IterativePE, ConsumerPE, GenericPE
from dispel4py.workflow_graph import WorkflowGraph

SPIN = 11000  # about 2 ms of this loop (in a function) in CPython 3.11 on the development machine


class Jobs(GenericPE):
    def __init__(self):
        GenericPE.__init__(self)
        self._add_input("input")
        self._add_output("output")

    def _process(self, inputs):
        for i in range(inputs["input"]):
            self.write("output", i)


class Work(IterativePE):
    def _process(self, i):
        x = i
        for _ in range(SPIN):
            x = (x * 1103515245 + 12345) % 2147483648
        return [i, x]


class Sink(ConsumerPE):
    def __init__(self):
        ConsumerPE.__init__(self)
        self._add_input("input", grouping="global")
        self.count = 0
        self.total = 0

    def _process(self, data):
        self.count += 1
        self.total += data[0]

    def _postprocess(self):
        print(f"RESULT {self.count} {self.total}", flush=True)


jobs = Jobs()
jobs.name = "jobs"
work = Work()
sink = Sink()
graph = WorkflowGraph()
graph.connect(jobs, "output", work, "input")
graph.connect(work, "output", sink, "input")
