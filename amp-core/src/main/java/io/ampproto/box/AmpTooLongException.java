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

import org.jspecify.annotations.Nullable;

/**
 * A length limit of the AMP wire format was broken: Twisted's {@code TooLong}.
 * <p>
 * A <em>local</em> violation is a box this side tried to send: nothing of it was
 * written, and the connection stays usable. A <em>remote</em> violation was received
 * from the peer: the connection is closed, and boxes decoded before the violation are
 * still delivered.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
public final class AmpTooLongException extends AmpException {

	private static final long serialVersionUID = 1L;

	private final Part part;

	private final boolean local;

	private final long length;

	private final long limit;

	private final @Nullable String keyName;

	/**
	 * Create an exception.
	 * @param part what was too long
	 * @param local whether this side tried to send it ({@code false}: received from the
	 * peer)
	 * @param length the offending length in bytes
	 * @param limit the limit that was broken
	 * @param keyName the key whose value was too long, when known
	 */
	public AmpTooLongException(Part part, boolean local, long length, long limit, @Nullable String keyName) {
		super(message(part, local, length, limit, keyName));
		this.part = part;
		this.local = local;
		this.length = length;
		this.limit = limit;
		this.keyName = keyName;
	}

	private static String message(Part part, boolean local, long length, long limit, @Nullable String keyName) {
		String what = switch (part) {
			case KEY -> "AMP key";
			case VALUE -> (keyName != null) ? "AMP value of key '" + keyName + "'" : "AMP value";
			case BOX -> "AMP box";
		};
		String where = local ? "refused before sending" : "received from the peer; closing the connection";
		String size = (part == Part.BOX && !local) ? "more than " + limit + " bytes" : length + " bytes";
		return what + " too long: " + size + " (limit " + limit + "), " + where;
	}

	/**
	 * Return what was too long.
	 * @return the part of the box
	 */
	public Part getPart() {
		return this.part;
	}

	/**
	 * Return whether the key (rather than a value or the whole box) was too long, as
	 * Twisted's {@code isKey}.
	 * @return whether a key was too long
	 */
	public boolean isKey() {
		return this.part == Part.KEY;
	}

	/**
	 * Return whether this side tried to send the box, as Twisted's {@code isLocal}.
	 * @return {@code true} for a refused send, {@code false} for a violation by the peer
	 */
	public boolean isLocal() {
		return this.local;
	}

	/**
	 * Return the offending length; for a box received from the peer, the size at which
	 * it was cut off.
	 * @return the length in bytes
	 */
	public long getLength() {
		return this.length;
	}

	/**
	 * Return the limit that was broken.
	 * @return the limit in bytes
	 */
	public long getLimit() {
		return this.limit;
	}

	/**
	 * Return the key of the value that was too long, when known.
	 * @return the key name or {@code null}
	 */
	public @Nullable String getKeyName() {
		return this.keyName;
	}

	/**
	 * The part of a box whose length broke a limit.
	 */
	public enum Part {

		/** A key longer than 255 bytes. */
		KEY,

		/** A value longer than 65535 bytes. */
		VALUE,

		/** A whole box larger than the configured maximum box size. */
		BOX

	}

}
