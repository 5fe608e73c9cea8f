package dev.sealpost.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.protocol.DataFramer;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The encoder against the server's own strict DATA framer: any content, after encoding, holds no bare CR
 * or LF, ends exactly at its last byte, and decodes to the content with CRLF line endings.
 */
class DataEncoderPropertyTest {

  @Provide
  Arbitrary<byte[]> contents() {
    return Arbitraries.of((byte) 'a', (byte) '.', (byte) '\r', (byte) '\n', (byte) ' ', (byte) 0xc3, (byte) 'M')
        .array(byte[].class).ofMaxSize(300);
  }

  @Property(tries = 500)
  void encodedContentFramesBackToNormalisedContent(@ForAll("contents") byte[] content) throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    DataEncoder encoder = DataEncoder.forData(wire);
    encoder.write(content);
    encoder.finish();
    byte[] bytes = wire.toByteArray();

    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\r') {
        assertThat(bytes[i + 1]).as("CR at %d followed by LF", i).isEqualTo((byte) '\n');
      }
      if (bytes[i] == '\n') {
        assertThat(bytes[i - 1]).as("LF at %d preceded by CR", i).isEqualTo((byte) '\r');
      }
    }
    ByteArrayOutputStream decoded = new ByteArrayOutputStream();
    DataFramer framer = new DataFramer(decoded::write, Long.MAX_VALUE);
    var buf = Unpooled.wrappedBuffer(bytes);
    assertThat(framer.feed(buf)).isTrue();
    assertThat(buf.readableBytes()).as("terminator is the last thing sent").isZero();
    assertThat(framer.outcome()).isEqualTo(DataFramer.Outcome.OK);
    assertThat(decoded.toByteArray()).isEqualTo(normalise(content));
    assertThat(DataEncoder.normalizedLength(content)).isEqualTo(normalise(content).length);
  }

  /** Reference model: split into lines at CRLF, CR or LF; join with CRLF; end with CRLF if not empty. */
  private static byte[] normalise(byte[] content) {
    String s = new String(content, java.nio.charset.StandardCharsets.ISO_8859_1)
        .replace("\r\n", "\n").replace('\r', '\n');
    if (!s.isEmpty() && !s.endsWith("\n")) {
      s += "\n";
    }
    return s.replace("\n", "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
