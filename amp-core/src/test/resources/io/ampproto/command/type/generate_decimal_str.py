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
Writes decimal-str.txt: lines of "<text as hex>\t<result>", where result is what
Twisted's amp.Decimal() makes of the text: str() of the parsed value, which is also
what amp.Decimal().toString() sends for it.

Run with Debian's Python, which has Twisted:
    /usr/bin/python3 generate_decimal_str.py > decimal-str.txt
The seed is fixed, so the output is reproducible.
"""
import random
import sys

from twisted.protocols import amp

rng = random.Random(20240608)


def digits(n):
    return "".join(rng.choice("0123456789") for _ in range(n))


texts = []
for _ in range(400):
    sign = rng.choice(["", "", "-", "+"])
    int_part = digits(rng.randrange(0, 25))
    frac = digits(rng.randrange(0, 25))
    if not int_part and not frac:
        int_part = "0"
    text = sign + int_part
    if frac or rng.random() < 0.2:
        text += "." + frac
    if rng.random() < 0.5:
        text += rng.choice("eE") + rng.choice(["", "+", "-"]) + str(rng.randrange(0, 60))
    texts.append(text)
# Zeros of every sign and scale, and small values around the exponential switch.
for sign in ("", "-"):
    for exp in range(-12, 8):
        texts.append(f"{sign}0E{exp}")
    for exp in range(-12, 8):
        texts.append(f"{sign}1.5E{exp}")
        texts.append(f"{sign}123E{exp}")
texts += ["NaN", "-NaN", "sNaN", "-sNaN", "NaN123", "-sNaN0042", "Infinity", "-Infinity", "inf", "-INF",
          "1.10", "100", "1E+2", "0.000001", "0.0000001", "0E+6", "-0", "-0.00", "3.141E+5", "0.00003141",
          "1.23E-8", "1.5E-9"]

out = []
for text in texts:
    value = amp.Decimal().fromString(text.encode("ascii"))
    sent = amp.Decimal().toString(value).decode("ascii")
    out.append(f"{text.encode('ascii').hex()}\t{sent}")
sys.stdout.write("\n".join(out) + "\n")
