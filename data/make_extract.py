"""Cut the bundled extract from the full UCI Online Retail file.

    python data/make_extract.py ../shared/data/online_retail.csv.gz data/online_retail_2011q1.csv.gz

Keeps every row (unchanged, in file order) whose InvoiceDate falls in
2011-01-01 .. 2011-03-31, so the extract is the data set itself, not a sample
of it: cancellations, guest invoices and postage rows included.
"""

import csv
import gzip
import io
import sys

FIRST, LAST = "2011-01-01", "2011-03-31"


def main(source, target):
    with gzip.open(source, "rt", encoding="utf-8", newline="") as src, open(target, "wb") as raw:
        # mtime=0 and no file name: the same input always gives the same bytes.
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as gz:
            with io.TextIOWrapper(gz, encoding="utf-8", newline="") as out:
                reader = csv.reader(src)
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(next(reader))
                kept = 0
                for row in reader:
                    if FIRST <= row[4][:10] <= LAST:
                        writer.writerow(row)
                        kept += 1
    print(f"{kept} rows written to {target}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
