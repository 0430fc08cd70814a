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
Writes lenient-parse.txt: lines of "<type>\t<input as hex>\t<result>" recording what
Twisted's parsers (amp.Integer, amp.Float, amp.Decimal, amp.DateTime fromString) make
of valid and randomly mutated inputs. The result is ERR when Twisted raises, otherwise:
  Integer   str() of the int
  Float     repr() of the float
  Decimal   str() of the Decimal
  DateTime  "YYYY-MM-DDTHH:MM:SS.ffffff <offset in minutes>"

Run with Debian's Python, which has Twisted:
    /usr/bin/python3 generate_lenient_parse.py > lenient-parse.txt
The seed is fixed, so the output is reproducible.
"""
import random
import sys

from twisted.protocols import amp

rng = random.Random(20240609)

SEEDS = {
    "Integer": ["0", "7", "-42", "+1_0", " 12 ", "\t-3\n", "1_000_000", "007", "123456789012345678901234567890",
                "-0", "\x0b5\x0c", "\r9\r"],
    "Float": ["1.5", "-0.0", ".5", "5.", "1e5", "1E-5", "1_0.5", "inf", "-Infinity", "nan", "+NaN", " 2.5e+3 ",
              "1e400", "-1e-400", "0.1", "1.7976931348623157e308", "4.9e-324", "1_2.3_4e5_6", "\t7\n"],
    "Decimal": ["1.10", "-0", "NaN", "-sNaN42", "Infinity", "-inf", "1E+2", " 1_000 ", "0.000001", "1e-7",
                ".5", "5.", "+3.141E+5", "nan_1", "\x1c7\x1f", "1_2.3_4e1_0"],
    "DateTime": ["2012-01-23T12:34:56.054321-00:00", "2012-01-23T12:34:56.000000+05:30",
                 "9876-01-23T12:34:56.054321-01:23", "0005-01-02T03:04:05.000006-00:00",
                 "2012/01/23 12:34:56.054321+05:30", "2000-02-29T23:59:59.999999+18:00",
                 "2012-01-23T12:34:56.054321+05:99", "2012-01-23T12:34:56.054321+24:00",
                 "2012-01-23T12:34:56.054321-18:01", "2012-01-23T12:34:56.054321+-1:30"],
}
ALPHABET = {
    "Integer": "0123456789_+- \t\x0b\x1c.xae",
    "Float": "0123456789_+-. \t\x0b\x1ceEinfatyINFxpd",
    "Decimal": "0123456789_+-. \t\x0b\x1c\x1feEinfatysNIAF",
    "DateTime": "0123456789_+- \t/:TZ.",
}
PARSERS = {
    "Integer": amp.Integer(),
    "Float": amp.Float(),
    "Decimal": amp.Decimal(),
    "DateTime": amp.DateTime(),
}


def mutate(kind, text):
    chars = list(text)
    for _ in range(rng.randrange(1, 4)):
        op = rng.random()
        c = rng.choice(ALPHABET[kind])
        if kind == "DateTime" or (op < 0.4 and chars):
            # DateTime keeps its length, or it would only ever fail.
            chars[rng.randrange(len(chars))] = c
        elif op < 0.7 or not chars:
            chars.insert(rng.randrange(len(chars) + 1), c)
        else:
            del chars[rng.randrange(len(chars))]
    return "".join(chars)


def describe(kind, value):
    if kind == "Integer":
        return str(value)
    if kind == "Float":
        return repr(value)
    if kind == "Decimal":
        return str(value)
    # Ask the tzinfo itself: datetime.utcoffset() refuses offsets of 24 h and more,
    # which Twisted's parser accepts.
    offset = value.tzinfo.utcoffset(value)
    minutes = (offset.days * 86400 + offset.seconds) // 60
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}:"
            f"{value.second:02d}.{value.microsecond:06d} {minutes}")


out = []
for kind, seeds in SEEDS.items():
    texts = list(seeds)
    texts += [mutate(kind, rng.choice(seeds)) for _ in range(800)]
    seen = set()
    for text in texts:
        if text in seen:
            continue
        seen.add(text)
        data = text.encode("ascii")
        try:
            result = describe(kind, PARSERS[kind].fromString(data))
        except Exception:
            result = "ERR"
        out.append(f"{kind}\t{data.hex()}\t{result}")
sys.stdout.write("\n".join(out) + "\n")
