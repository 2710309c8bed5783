"""Word count written directly in PySpark (reduceByKey), the native baseline of the spark rows.

    python spark_wordcount.py MASTER FILE

Prints one JSON line: the distinct words and the total. Timed from outside, start-up included, as
the dispel4ts spark target is.
"""

import json
import re
import sys
from operator import add

from pyspark.sql import SparkSession

WORD = re.compile(r"[a-z]+")

master, path = sys.argv[1], sys.argv[2]
spark = SparkSession.builder.master(master).appName("wordcount").config("spark.ui.enabled", "false").getOrCreate()
partitions = int(master[len("local[") : -1]) if master.startswith("local[") else 2
counts = (
    spark.sparkContext.textFile(path, partitions)
    .flatMap(lambda line: WORD.findall(line.lower()))
    .map(lambda w: (w, 1))
    .reduceByKey(add, partitions)
    .collect()
)
print(json.dumps({"distinct": len(counts), "total": sum(c for _, c in counts)}))
spark.stop()
