"""PEs shared by the benchmark workflows for the original dispel4py."""
from dispel4py.base import ConsumerPE, GenericPE


class Range(GenericPE):
    """Writes range(n) in one call, n being the data unit on its input."""

    def __init__(self):
        GenericPE.__init__(self)
        self._add_input("input")
        self._add_output("output")

    def _process(self, inputs):
        for i in range(inputs["input"]):
            self.write("output", i)


class CountBy(GenericPE):
    """Sums field 1 of [key, n] pairs grouped by key; writes [key, sum] at the end."""

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


class Totals(ConsumerPE):
    """Receives everything (global grouping); prints "RESULT count sum-of-field" at the end."""

    def __init__(self, field):
        ConsumerPE.__init__(self)
        self._add_input("input", grouping="global")
        self.field = field
        self.count = 0
        self.total = 0

    def _process(self, data):
        self.count += 1
        self.total += data[self.field] if self.field is not None else data

    def _postprocess(self):
        print(f"RESULT {self.count} {self.total}", flush=True)
