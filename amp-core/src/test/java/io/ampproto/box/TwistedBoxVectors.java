/*
 * Copyright 2026 the AMP for Spring Boot authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.ampproto.box;

import java.util.HexFormat;
import java.util.List;

/**
 * The whole-box vectors of amp-protocol.md §7.1, produced by running Twisted 22.4.
 */
final class TwistedBoxVectors {

	record Vector(String name, String hex, AmpBox box) {

		byte[] bytes() {
			return HexFormat.of().parseHex(this.hex);
		}

	}

	static final List<Vector> ALL = List.of(
			new Vector("V1 one key", "000568656c6c6f0005776f726c640000", AmpBox.of("hello", "world")),
			new Vector("V2 empty value", "00016b00000000", AmpBox.of("k", "")),
			new Vector("V3 key order", "00015a00017a00045f61736b0001310001610001310001620001320000",
					AmpBox.of("b", "2", "a", "1", "_ask", "1", "Z", "z")),
			new Vector("V4 Sum call", "00045f61736b00013100085f636f6d6d616e64000353756d00016100023133000162000238310000",
					AmpBox.of("_ask", "1", "_command", "Sum", "a", "13", "b", "81")),
			new Vector("V5 Sum answer", "00075f616e737765720001310005746f74616c000239340000",
					AmpBox.of("_answer", "1", "total", "94")),
			new Vector("V6 unknown command", "00045f61736b00013100085f636f6d6d616e6400035754460000",
					AmpBox.of("_ask", "1", "_command", "WTF")),
			new Vector("V7 UNHANDLED error",
					"00065f6572726f72000131000b5f6572726f725f636f64650009554e48414e444c454400125f6572726f725f6465736372697074696f6e0019556e68616e646c656420436f6d6d616e643a206227575446270000",
					AmpBox.of("_error", "1", "_error_code", "UNHANDLED", "_error_description",
							"Unhandled Command: b'WTF'")),
			new Vector("V8 Divide call",
					"00045f61736b00013100085f636f6d6d616e640006446976696465000b64656e6f6d696e61746f7200013000096e756d657261746f720001310000",
					AmpBox.of("_ask", "1", "_command", "Divide", "numerator", "1", "denominator", "0")),
			new Vector("V9 declared error",
					"00065f6572726f72000131000b5f6572726f725f636f6465000d5a45524f5f4449564953494f4e00125f6572726f725f6465736372697074696f6e00106469766973696f6e206279207a65726f0000",
					AmpBox.of("_error", "1", "_error_code", "ZERO_DIVISION", "_error_description", "division by zero")),
			new Vector("V10 Boom call", "00045f61736b00013100085f636f6d6d616e640004426f6f6d0000",
					AmpBox.of("_ask", "1", "_command", "Boom")),
			new Vector("V11 UNKNOWN error",
					"00065f6572726f72000131000b5f6572726f725f636f64650007554e4b4e4f574e00125f6572726f725f6465736372697074696f6e000d556e6b6e6f776e204572726f720000",
					AmpBox.of("_error", "1", "_error_code", "UNKNOWN", "_error_description", "Unknown Error")),
			new Vector("V12 no-answer Ping", "00085f636f6d6d616e64000450696e6700016e0001310000",
					AmpBox.of("_command", "Ping", "n", "1")),
			new Vector("V13 call after Ping",
					"00045f61736b00013200085f636f6d6d616e64000353756d0001610001310001620001320000",
					AmpBox.of("_ask", "2", "_command", "Sum", "a", "1", "b", "2")),
			new Vector("V14 StartTLS", "00045f61736b00013100085f636f6d6d616e6400085374617274544c530000",
					AmpBox.of("_ask", "1", "_command", "StartTLS")),
			new Vector("V15 StartTLS answer", "00075f616e737765720001310000", AmpBox.of("_answer", "1")),
			new Vector("V16 switch call",
					"00045f61736b00013100085f636f6d6d616e64000653776974636800046e616d6500046563686f0000",
					AmpBox.of("_ask", "1", "_command", "Switch", "name", "echo")),
			new Vector("V17 switch answer", "00075f616e737765720001310000", AmpBox.of("_answer", "1")),
			new Vector("V18 ListOf and AmpList",
					"00045f61736b00013100085f636f6d6d616e6400054c697374730004696e747300090001310001320001330004726f77730026000161000137000162000568656c6c6f00000001610001390001620007676f6f6462796500000000",
					AmpBox.builder()
						.put("_ask", "1")
						.put("_command", "Lists")
						.put("ints", HexFormat.of().parseHex("000131000132000133"))
						.put("rows",
								HexFormat.of()
									.parseHex(
											"000161000137000162000568656c6c6f00000001610001390001620007676f6f646279650000"))
						.build()));

	private TwistedBoxVectors() {
	}

}
