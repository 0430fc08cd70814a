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
package io.ampproto.unix;

import java.io.FileDescriptor;
import java.nio.channels.WritableByteChannel;
import java.util.List;

import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;

/**
 * A message for an {@link AmpDescriptorPassingChannel}: the descriptors go with the first
 * bytes written after it. It writes no bytes itself; it is a {@link FileRegion} of
 * length 0 only because Netty's NIO channels accept nothing else but buffers.
 *
 * @author AMP for Spring Boot contributors
 * @since 0.1.0
 */
final class AmpOutboundDescriptors extends AbstractReferenceCounted implements FileRegion {

	private final List<FileDescriptor> descriptors;

	/**
	 * Create a message.
	 * @param descriptors the descriptors, in the order the peer numbers them; they must
	 * stay open until the bytes after this message are written
	 */
	AmpOutboundDescriptors(List<FileDescriptor> descriptors) {
		this.descriptors = List.copyOf(descriptors);
	}

	/**
	 * Return the descriptors.
	 * @return the descriptors, in order
	 */
	public List<FileDescriptor> descriptors() {
		return this.descriptors;
	}

	@Override
	public long position() {
		return 0;
	}

	@Override
	@Deprecated
	public long transfered() {
		return 0;
	}

	@Override
	public long transferred() {
		return 0;
	}

	@Override
	public long count() {
		return 0;
	}

	@Override
	public long transferTo(WritableByteChannel target, long position) {
		return 0;
	}

	@Override
	public AmpOutboundDescriptors retain() {
		super.retain();
		return this;
	}

	@Override
	public AmpOutboundDescriptors retain(int increment) {
		super.retain(increment);
		return this;
	}

	@Override
	public AmpOutboundDescriptors touch() {
		return this;
	}

	@Override
	public AmpOutboundDescriptors touch(Object hint) {
		return this;
	}

	@Override
	protected void deallocate() {
		// The descriptors belong to whoever wrote this message.
	}

	@Override
	public String toString() {
		return "AmpOutboundDescriptors{" + this.descriptors.size() + "}";
	}

}
