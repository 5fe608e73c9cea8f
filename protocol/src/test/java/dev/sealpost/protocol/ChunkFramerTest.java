package dev.sealpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkFramerTest {

  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  @Test
  void readsChunksByCountAcrossBuffers() {
    ChunkFramer f = new ChunkFramer(body::write, 1000, false);
    f.startChunk(7);
    var in = Unpooled.copiedBuffer("abc\r\ndeNOOP\r\n", StandardCharsets.US_ASCII);
    assertThat(f.feed(in)).isTrue();
    assertThat(in.toString(StandardCharsets.US_ASCII)).isEqualTo("NOOP\r\n");
    f.startChunk(5);
    assertThat(f.feed(Unpooled.copiedBuffer("f\r", StandardCharsets.US_ASCII))).isFalse();
    assertThat(f.feed(Unpooled.copiedBuffer("\nzz", StandardCharsets.US_ASCII))).isTrue();
    assertThat(f.finish()).isEqualTo(DataFramer.Outcome.OK);
    assertThat(body.toString(StandardCharsets.US_ASCII)).isEqualTo("abc\r\ndef\r\nzz");
  }

  @Test
  void bareLfRefusedUnlessBinary() {
    ChunkFramer f = new ChunkFramer(body::write, 1000, false);
    f.startChunk(4);
    f.feed(Unpooled.copiedBuffer("a\nb\r", StandardCharsets.US_ASCII));
    assertThat(f.finish()).isEqualTo(DataFramer.Outcome.BARE_NEWLINE);

    ChunkFramer binary = new ChunkFramer(body::write, 1000, true);
    binary.startChunk(3);
    binary.feed(Unpooled.copiedBuffer("a\nb", StandardCharsets.US_ASCII));
    assertThat(binary.finish()).isEqualTo(DataFramer.Outcome.OK);
  }

  @Test
  void chunkPastSizeLimitIsRefused() {
    ChunkFramer f = new ChunkFramer(body::write, 5, false);
    f.startChunk(6);
    f.feed(Unpooled.copiedBuffer("123456", StandardCharsets.US_ASCII));
    assertThat(f.finish()).isEqualTo(DataFramer.Outcome.TOO_LARGE);
    assertThat(body.size()).isZero();
  }
}
