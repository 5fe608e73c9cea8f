package dev.sealpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class LineFramerTest {

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
  }

  @Test
  void splitsPipelinedCommandsOnCrlfOnly() {
    LineFramer framer = new LineFramer(512);
    ByteBuf in = bytes("MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDAT");
    assertThat(framer.next(in)).isEqualTo(new LineFramer.Frame.Line("MAIL FROM:<a@b.test>"));
    assertThat(framer.next(in)).isEqualTo(new LineFramer.Frame.Line("RCPT TO:<c@d.test>"));
    assertThat(framer.next(in)).isInstanceOf(LineFramer.Frame.NeedMore.class);
    assertThat(in.readableBytes()).isEqualTo(3);
  }

  @Test
  void bareLfIsMalformedNotALineEnd() {
    assertThat(new LineFramer(512).next(bytes("NOOP\nQUIT\r\n")))
        .isInstanceOf(LineFramer.Frame.Malformed.class);
  }

  @Test
  void bareCrInsideALineIsMalformed() {
    assertThat(new LineFramer(512).next(bytes("NOOP\rQUIT\r\n")))
        .isEqualTo(new LineFramer.Frame.Malformed("bare CR received"));
  }

  @Test
  void nulIsMalformed() {
    assertThat(new LineFramer(512).next(bytes("NO\0OP\r\n")))
        .isEqualTo(new LineFramer.Frame.Malformed("NUL byte received"));
  }

  @Test
  void invalidUtf8IsConsumedAndReportedWithoutLosingTheFraming() {
    ByteBuf in = Unpooled.wrappedBuffer(new byte[] {'E', 'H', 'L', 'O', ' ', (byte) 0xC3, '\r', '\n', 'N', 'O', 'O', 'P', '\r', '\n'});
    LineFramer framer = new LineFramer(512);
    assertThat(framer.next(in)).isInstanceOf(LineFramer.Frame.Undecodable.class);
    assertThat(framer.next(in)).isEqualTo(new LineFramer.Frame.Line("NOOP"));
  }

  @Test
  void overlongLineIsSkippedWithoutBufferingThenFramingResumes() {
    LineFramer framer = new LineFramer(16);
    ByteBuf in = bytes("x".repeat(20));
    assertThat(framer.next(in)).isInstanceOf(LineFramer.Frame.NeedMore.class);
    assertThat(in.readableBytes()).isZero(); // nothing kept
    assertThat(framer.discarding()).isTrue();
    in.writeCharSequence("yyy\r\nNOOP\r\n", StandardCharsets.US_ASCII);
    assertThat(framer.next(in)).isEqualTo(new LineFramer.Frame.TooLong(16));
    assertThat(framer.next(in)).isEqualTo(new LineFramer.Frame.Line("NOOP"));
  }

  @Test
  void lineOfExactlyTheLimitIsAccepted() {
    LineFramer framer = new LineFramer(8);
    assertThat(framer.next(bytes("123456\r\n"))).isEqualTo(new LineFramer.Frame.Line("123456"));
    assertThat(framer.next(bytes("1234567\r\n"))).isEqualTo(new LineFramer.Frame.TooLong(8));
  }

  @Property
  void arbitraryBytesNeverThrowAndNeverBufferPastTheLimit(@ForAll byte[] data) {
    LineFramer framer = new LineFramer(64);
    ByteBuf in = Unpooled.wrappedBuffer(data);
    List<LineFramer.Frame> frames = new ArrayList<>();
    for (int guard = 0; guard < data.length + 2; guard++) {
      LineFramer.Frame f = framer.next(in);
      frames.add(f);
      if (f instanceof LineFramer.Frame.NeedMore || f instanceof LineFramer.Frame.Malformed) {
        break;
      }
    }
    assertThat(in.readableBytes()).isLessThanOrEqualTo(Math.max(64, data.length));
    for (LineFramer.Frame f : frames) {
      if (f instanceof LineFramer.Frame.Line line) {
        assertThat(line.text()).doesNotContain("\r", "\n", "\0");
      }
    }
  }
}
