#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Read the tables of a sagin trace (HDF5 file or CSV folder) and print them as lines of text.

    trace-sink-reader.py hdf5 FILE
    trace-sink-reader.py csv FOLDER

Every value is printed as the hex digits of its UTF-8 text (so that any string passes): floats
as repr(float), integers in decimal, byte strings decoded. Lines:

    attr NAME KIND HEX                    root attribute (HDF5) or metadata.json entry (CSV);
                                          KIND is str or the numpy type (<u4, ...) or int
    table NAME shape=... maxshape=... chunks=... compression=... opts=... shuffle=...   (HDF5)
    fields NAME FIELD:TYPE,...            the field names and numpy types (HDF5: <f8, |S16, ...;
                                          CSV: the header line, types empty)
    strpad NAME FIELD PAD                 HDF5 string padding of each string field
    row NAME INDEX HEX HEX ...            one row
"""

import csv
import json
import os
import sys

TABLES = ["requests", "node_states", "handovers", "outages", "depletions"]


def hexed(text):
    return text.encode("utf-8").hex()


def cell(value):
    if isinstance(value, bytes):
        return hexed(value.decode("utf-8"))
    if hasattr(value, "dtype") and value.dtype.kind == "f":
        return hexed(repr(float(value)))
    return hexed(str(int(value)))


def read_hdf5(path):
    import h5py

    with h5py.File(path, "r") as f:
        for name in sorted(f.attrs):
            value = f.attrs[name]
            if isinstance(value, str):
                print("attr", name, "str", hexed(value))
            else:
                print("attr", name, value.dtype.str, hexed(str(int(value))))
        for name in TABLES:
            d = f[name]
            print("table", name,
                  "shape=%s maxshape=%s chunks=%s compression=%s opts=%s shuffle=%s"
                  % (d.shape, d.maxshape, d.chunks, d.compression, d.compression_opts,
                     d.shuffle))
            names = d.dtype.names
            print("fields", name,
                  ",".join("%s:%s" % (n, d.dtype.fields[n][0].str) for n in names))
            file_type = d.id.get_type()
            for i, n in enumerate(names):
                member = file_type.get_member_type(i)
                if member.get_class() == h5py.h5t.STRING:
                    pad = {h5py.h5t.STR_NULLPAD: "nullpad", h5py.h5t.STR_NULLTERM: "nullterm",
                           h5py.h5t.STR_SPACEPAD: "spacepad"}[member.get_strpad()]
                    print("strpad", name, n, pad)
            rows = d[:]
            for index, row in enumerate(rows):
                print("row", name, index, " ".join(cell(row[n]) for n in names))


def read_csv(folder):
    with open(os.path.join(folder, "metadata.json"), encoding="utf-8") as f:
        metadata = json.load(f)
    for name in sorted(metadata):
        value = metadata[name]
        kind = "str" if isinstance(value, str) else "int"
        print("attr", name, kind, hexed(str(value)))
    for name in TABLES:
        with open(os.path.join(folder, name + ".csv"), newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            print("fields", name, ",".join(n + ":" for n in header))
            for index, row in enumerate(reader):
                print("row", name, index, " ".join(hexed(v) for v in row))


def main():
    kind, path = sys.argv[1], sys.argv[2]
    if kind == "hdf5":
        read_hdf5(path)
    else:
        read_csv(path)


if __name__ == "__main__":
    main()
