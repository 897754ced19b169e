#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""An independent reader of sagin's feature-tensor encoding (uncompressed), for the tests.

Usage: feature-codec-reference.py ENCODING VALUES

ENCODING is a file written by FeatureCodec::Encode without compression, VALUES the tensor's
float32 elements (little-endian, row-major). The header is parsed as doc/sagin.rst describes it,
the CRC-32 is recomputed with zlib, and the payload is compared with numpy's own encoding of
VALUES: float32 bytes, float16 (numpy rounds to nearest, ties to even), or int8 with one scale
per channel, s = max|x| / 127 in float32, q = round-half-even(x / s) clipped to [-127, 127].
Prints one line per field or check.
"""

import struct
import sys
import zlib

import numpy as np


def main():
    data = open(sys.argv[1], "rb").read()
    values = np.fromfile(sys.argv[2], dtype="<f4")
    print("magic", data[:4].decode("ascii"))
    version, codec, flags, dimensions = data[4:8]
    print("version", version)
    print("codec", codec)
    print("flags", flags)
    shape = struct.unpack_from("<%dI" % dimensions, data, 8)
    print("shape", "x".join(str(s) for s in shape))
    offset = 8 + 4 * dimensions
    x = values.reshape(shape)
    channels = shape[0] if dimensions == 1 else shape[1]
    by_channel = x.reshape(1 if dimensions == 1 else shape[0], channels, -1)
    if codec == 2:
        scales = np.frombuffer(data, dtype="<f4", count=channels, offset=offset)
        offset += 4 * channels
        expected_scales = (np.abs(by_channel).max(axis=(0, 2)) / np.float32(127)).astype("<f4")
        print("scales", "ok" if scales.tobytes() == expected_scales.tobytes() else "MISMATCH")
    (length,) = struct.unpack_from("<Q", data, offset)
    (crc,) = struct.unpack_from("<I", data, offset + 8)
    payload = data[offset + 12:]
    print("length", "ok" if length == len(payload) else "MISMATCH")
    print("crc", "ok" if zlib.crc32(data[:offset + 8] + payload) == crc else "MISMATCH")
    if codec == 0:
        expected = x.astype("<f4").tobytes()
    elif codec == 1:
        expected = x.astype("<f2").tobytes()
    else:
        divisor = np.where(expected_scales > 0, expected_scales, np.float32(1))
        q = np.clip(np.round(by_channel / divisor[None, :, None]), -127, 127)
        expected = q.astype("i1").tobytes()
    print("payload", "ok" if payload == expected else "MISMATCH")


if __name__ == "__main__":
    main()
