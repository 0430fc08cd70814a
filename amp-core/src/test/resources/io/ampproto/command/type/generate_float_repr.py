#!/usr/bin/python3
#
# Copyright 2026 the AMP for Spring Boot authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#      https://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
"""
Writes float-repr.txt: doubles as 16 hex digits of their IEEE 754 bits, a space, and
what Twisted's amp.Float().toString() sends for them (Python's repr).

Run with Debian's Python, which has Twisted:
    /usr/bin/python3 generate_float_repr.py > float-repr.txt
The seed is fixed, so the output is reproducible.
"""
import math
import random
import struct
import sys

from twisted.protocols import amp

rng = random.Random(20240607)


def from_bits(bits):
    return struct.unpack(">d", struct.pack(">Q", bits))[0]


def to_bits(value):
    return struct.unpack(">Q", struct.pack(">d", value))[0]


values = []
# Every power of two: the rounding interval is narrower below them than above.
values += [math.ldexp(1.0, e) for e in range(-1074, 1024)]
# Their neighbours, and a few powers of ten with theirs.
values += [math.nextafter(math.ldexp(1.0, e), 0.0) for e in range(-1073, 1024, 7)]
for e in range(-325, 309):
    v = float(f"1e{e}")
    values += [v, math.nextafter(v, math.inf), math.nextafter(v, 0.0)]
# Random bit patterns (NaNs and infinities filtered below).
values += [from_bits(rng.getrandbits(64)) for _ in range(1500)]
values += [rng.random() for _ in range(500)]
# Subnormals.
values += [from_bits(rng.randrange(1, 1 << 52)) for _ in range(200)]
# Integers around the positional/exponential switch and the 2**53 limit.
for base in (10**15, 10**16, 10**17, 2**53):
    values += [float(base + d) for d in range(-40, 41)]
    values += [float(base) * rng.uniform(0.5, 2.0) for _ in range(40)]
# Around the switch at 1e-4 / 1e-5.
values += [rng.uniform(1e-5, 1e-3) for _ in range(100)]
# Short decimals, which must come out short.
values += [round(rng.uniform(-1000, 1000), rng.randrange(0, 6)) for _ in range(200)]
# Boundaries.
values += [0.0, -0.0, 5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308,
           0.1, 0.2, 0.3, 1 / 3, 2 / 3, 1e23, 9007199254740993.0, 123456789012345678.0, 2.82879384806159e17,
           math.pi, math.e, 1.5, 100.0, 1e15, 1e16, 0.0001, 1e-05]
values += [-v for v in values[::5]]

seen = set()
out = []
for v in values:
    if math.isnan(v) or math.isinf(v):
        continue
    bits = to_bits(v)
    if bits in seen:
        continue
    seen.add(bits)
    out.append(f"{bits:016x} {amp.Float().toString(v).decode('ascii')}")
sys.stdout.write("\n".join(out) + "\n")
