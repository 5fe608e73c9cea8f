package dev.sealpost.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.protocol.SmtpReply;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The reply parser on hostile input: only ProtocolException (or end of input), never a crash or a hang. */
class ReplyAssemblerPropertyTest {

  @Provide
  Arbitrary<byte[]> noise() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(400),
        Arbitraries.of("250", "-", " ", "\r\n", "\n", "\r", "2.1.0", "354", "550", "x", "\u00e9", "\0")
            .list().ofMaxSize(60).map(l -> String.join("", l).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Property(tries = 1000)
  void randomInputOnlyEverFailsWithAProtocolError(@ForAll("noise") byte[] input) {
    ReplyReader reader = new ReplyReader(new ByteArrayInputStream(input));
    for (int i = 0; i < 500; i++) {
      try {
        SmtpReply reply = reader.read();
        assertThat(reply.code()).isBetween(200, 599);
      } catch (ProtocolException | EOFException e) {
        return;
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Property(tries = 300)
  void wellFormedRepliesRoundTrip(@ForAll @IntRange(min = 200, max = 599) int code,
      @ForAll("texts") List<String> lines) throws IOException {
    StringBuilder wire = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      wire.append(code).append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i)).append("\r\n");
    }
    SmtpReply reply = new ReplyReader(new ByteArrayInputStream(wire.toString().getBytes())).read();
    assertThat(reply.code()).isEqualTo(code);
    assertThat(reply.status()).isEmpty();
    assertThat(reply.lines()).isEqualTo(lines);
  }

  @Provide
  Arbitrary<List<String>> texts() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars(' ', '-').ofMaxLength(40)
        .filter(s -> !s.isEmpty() && Character.isLetter(s.charAt(0))).list().ofMinSize(1).ofMaxSize(8);
  }
}
