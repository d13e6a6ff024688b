"""The batch job on Apache Spark: ``according spark`` / ``spark-submit according/spark/job.py``.

Needs the optional dependency ``pyspark`` (``pip install 'according[spark]'``) and Java 17+.
"""
