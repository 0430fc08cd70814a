/*
 * Copyright 2026 the AMP for Spring Boot authors
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
package io.ampproto.sample;

import java.nio.file.Files;
import java.nio.file.Path;

import io.ampproto.command.type.AmpArgumentException;
import io.ampproto.command.type.AmpDescriptor;
import io.ampproto.sample.SampleCommands.ReadFile;
import io.ampproto.sample.SampleCommands.TlsInfo;
import io.ampproto.test.autoconfigure.AmpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's responders in an {@link AmpTest @AmpTest}: only AMP, on the in-process
 * transport. {@code SampleDescriptorResponder} needs the {@link SampleLog}, imported.
 */
@AmpTest
@Import(SampleLog.class)
class SampleInProcessTests extends AbstractSampleTestClientTests {

	@Autowired
	ApplicationContext context;

	@Test
	void noWebServerNorActuator() {
		assertThat(this.context).isNotInstanceOf(WebServerApplicationContext.class);
		assertThat(this.context.getBeanNamesForType(ReactiveWebServerFactory.class)).isEmpty();
		assertThat(this.context.getBeanDefinitionNames()).noneMatch((name) -> name.contains("actuate"));
		assertThat(this.context.getBeansOfType(SampleResponder.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(EchoProtocol.class)).hasSize(1);
	}

	@Test
	void inProcessConnectionIsNotSecure() {
		this.client.call(new TlsInfo()).expectAnswer().isEqualTo(new TlsInfo.Result(false, ""));
	}

	@Test
	void descriptorsCannotBeSentInProcess(@TempDir Path directory) throws Exception {
		AmpDescriptor file = AmpDescriptor.open(Files.writeString(directory.resolve("file"), "content"));
		this.client.call(new ReadFile(file))
			.expectFailure()
			.isInstanceOf(AmpArgumentException.class)
			.hasMessageStartingWith("A Descriptor argument cannot be sent: the in-process transport (local:")
			.hasMessageEndingWith("passes none; test them over a UNIX domain socket");
	}

}
