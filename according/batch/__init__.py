"""Batch extraction on every core: folders, JSONL, Parquet and WARC in; Parquet tables or JSONL out.

``run_batch`` is resumable (committed parts + a ledger of finished ids) and never stops for
a bad article (``failures.jsonl``). The Spark job (``according.spark``) writes the same tables.
"""

from according.batch.run import BatchOptions, BatchResult, run_batch
from according.batch.tables import TABLES, flatten

__all__ = ["TABLES", "BatchOptions", "BatchResult", "flatten", "run_batch"]
