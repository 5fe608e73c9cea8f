package dev.sealpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class DataFramerTest {

  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  private DataFramer framer(long max) {
    return new DataFramer(body::write, max);
  }

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  private String body() {
    return body.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void endsAtCrlfDotCrlfAndLeavesPipelinedCommands() {
    DataFramer f = framer(1000);
    ByteBuf in = bytes("Subject: x\r\n\r\nhello\r\n.\r\nQUIT\r\n");
    assertThat(f.feed(in)).isTrue();
    assertThat(f.outcome()).isEqualTo(DataFramer.Outcome.OK);
    assertThat(body()).isEqualTo("Subject: x\r\n\r\nhello\r\n");
    assertThat(in.toString(StandardCharsets.US_ASCII)).isEqualTo("QUIT\r\n");
  }

  @Test
  void emptyMessage() {
    DataFramer f = framer(1000);
    assertThat(f.feed(bytes(".\r\n"))).isTrue();
    assertThat(body()).isEmpty();
  }

  @Test
  void removesDotStuffing() {
    DataFramer f = framer(1000);
    assertThat(f.feed(bytes("..leading dot\r\n...\r\n.\r\n"))).isTrue();
    assertThat(body()).isEqualTo(".leading dot\r\n..\r\n");
  }

  @Test
  void terminatorSplitAcrossReads() {
    DataFramer f = framer(1000);
    assertThat(f.feed(bytes("a\r"))).isFalse();
    assertThat(f.feed(bytes("\n."))).isFalse();
    assertThat(f.feed(bytes("\r"))).isFalse();
    assertThat(f.feed(bytes("\n"))).isTrue();
    assertThat(body()).isEqualTo("a\r\n");
  }

  @Test
  void smugglingWithBareLfDotBareLfDoesNotEndTheMessage() {
    DataFramer f = framer(1000);
    ByteBuf in = bytes("hi\n.\nMAIL FROM:<evil@x.test>\r\nRCPT TO:<v@y.test>\r\nDATA\r\n");
    assertThat(f.feed(in)).isFalse();
    assertThat(f.outcome()).isEqualTo(DataFramer.Outcome.BARE_NEWLINE);
    assertThat(in.readableBytes()).isZero(); // swallowed as content, not left as commands
    assertThat(f.feed(bytes("x\r\n.\r\n"))).isTrue();
    assertThat(f.outcome()).isEqualTo(DataFramer.Outcome.BARE_NEWLINE);
  }

  @Test
  void smugglingVariantsNeverEndTheMessage() {
    for (String ending : new String[] {"\n.\r\n", "\r\n.\n", "\r.\r\n", "\n.\n", "\r\n.\r\r\n", "\r\n\0.\r\n"}) {
      DataFramer f = framer(1000);
      boolean ended = f.feed(bytes("x" + ending + "MAIL FROM:<a@b.test>\r\n"));
      assertThat(ended).as("ending %s", ending.replace("\r", "\\r").replace("\n", "\\n")).isFalse();
      assertThat(f.outcome()).isNotEqualTo(DataFramer.Outcome.OK);
    }
  }

  @Test
  void crCrLfIsABareCr() {
    DataFramer f = framer(1000);
    assertThat(f.feed(bytes("x\r\r\n.\r\n"))).isTrue();
    assertThat(f.outcome()).isEqualTo(DataFramer.Outcome.BARE_NEWLINE);
  }

  @Test
  void nulIsRefused() {
    DataFramer f = framer(1000);
    assertThat(f.feed(bytes("a\0b\r\n.\r\n"))).isTrue();
    assertThat(f.outcome()).isEqualTo(DataFramer.Outcome.NUL);
  }

  @Test
  void lineOver998OctetsIsRefused() {
    DataFramer ok = framer(5000);
    assertThat(ok.feed(bytes("y".repeat(998) + "\r\n.\r\n"))).isTrue();
    assertThat(ok.outcome()).isEqualTo(DataFramer.Outcome.OK);
    DataFramer f = framer(5000);
    assertThat(f.feed(bytes("y".repeat(999) + "\r\n.\r\n"))).isTrue();
    assertThat(f.outcome()).isEqualTo(DataFramer.Outcome.LINE_TOO_LONG);
  }

  @Test
  void sizeLimitStopsWritingButReadsToTheTerminator() {
    DataFramer f = framer(10);
    assertThat(f.feed(bytes("0123456789abcdef\r\nmore\r\n.\r\nNOOP\r\n"))).isTrue();
    assertThat(f.outcome()).isEqualTo(DataFramer.Outcome.TOO_LARGE);
    assertThat(body.size()).isZero(); // nothing reached the sink past the check
  }

  @Property
  void arbitraryInputNeverThrowsAndOnlyCrlfDotCrlfEnds(@ForAll byte[] data) {
    DataFramer f = new DataFramer(BodySink.DISCARD, 1 << 20);
    ByteBuf in = Unpooled.wrappedBuffer(data);
    boolean ended = f.feed(in);
    if (ended) {
      int end = data.length - in.readableBytes();
      // the consumed input ends with CRLF.CRLF, or is exactly ".CRLF" at the start
      String tail = new String(data, Math.max(0, end - 5), Math.min(5, end), StandardCharsets.ISO_8859_1);
      assertThat(tail.endsWith("\r\n.\r\n") || (end == 3 && tail.equals(".\r\n"))).isTrue();
    }
  }
}
