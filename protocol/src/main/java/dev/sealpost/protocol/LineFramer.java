package dev.sealpost.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Splits command lines out of a byte stream, accepting only {@code <CRLF>} as a line ending.
 *
 * <p>Netty's stock line decoder also ends a line at a bare LF; that leniency is what SMTP smuggling
 * builds on, so a bare LF, a bare CR or a NUL inside a command line is reported as {@link Frame.Malformed}
 * and the caller closes the connection (the framing can no longer be trusted). A line longer than the
 * limit is skipped up to its CRLF without being buffered and reported once as {@link Frame.TooLong}
 * (RFC 5321 §4.5.3.1.4 allows 512 octets; callers pass a higher hard limit so that extensions such as
 * DSN, RFC 3461 §4, which lengthen MAIL and RCPT, still fit).
 *
 * <p>Not thread-safe: one instance per connection, used from its event loop.
 */
public final class LineFramer {

  /** What {@link #next} found in the buffer. */
  public sealed interface Frame {
    /** A complete line, without its CRLF, decoded as UTF-8. */
    record Line(String text) implements Frame {}
    /** No complete line yet: read more. */
    record NeedMore() implements Frame {}
    /** A line exceeded the limit; its bytes were discarded up to and including its CRLF. */
    record TooLong(int limit) implements Frame {}
    /** Bare CR or LF, or NUL: the stream cannot be framed safely, the caller closes the connection. */
    record Malformed(String reason) implements Frame {}
    /** A well-framed line that is not valid UTF-8; it was consumed and can be answered with an error. */
    record Undecodable() implements Frame {}
  }

  private static final Frame NEED_MORE = new Frame.NeedMore();

  private final int maxLineLength;
  private boolean discarding;

  /** @param maxLineLength longest accepted line in octets, CRLF included */
  public LineFramer(int maxLineLength) {
    if (maxLineLength < 3) {
      throw new IllegalArgumentException("maxLineLength too small: " + maxLineLength);
    }
    this.maxLineLength = maxLineLength;
  }

  /** Takes the next frame from {@code in}, advancing its reader index past what was consumed. */
  public Frame next(ByteBuf in) {
    int start = in.readerIndex();
    int end = in.writerIndex();
    int lf = in.indexOf(start, end, (byte) '\n');
    if (discarding) {
      if (lf < 0) {
        in.skipBytes(end - start);
        return NEED_MORE;
      }
      in.readerIndex(lf + 1);
      discarding = false;
      return new Frame.TooLong(maxLineLength);
    }
    if (lf < 0) {
      if (end - start > maxLineLength) {
        in.skipBytes(end - start);
        discarding = true;
      }
      return NEED_MORE;
    }
    int length = lf + 1 - start;
    if (length > maxLineLength) {
      in.readerIndex(lf + 1);
      return new Frame.TooLong(maxLineLength);
    }
    if (lf == start || in.getByte(lf - 1) != '\r') {
      return new Frame.Malformed("bare LF received; lines must end with CRLF");
    }
    int contentEnd = lf - 1;
    int bad = in.forEachByte(start, contentEnd - start, b -> b != '\r' && b != 0);
    if (bad >= 0) {
      return new Frame.Malformed(in.getByte(bad) == 0 ? "NUL byte received" : "bare CR received");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(in.nioBuffer(start, contentEnd - start))
          .toString();
    } catch (CharacterCodingException e) {
      in.readerIndex(lf + 1);
      return new Frame.Undecodable();
    }
    in.readerIndex(lf + 1);
    return new Frame.Line(text);
  }

  /** True while the rest of an overlong line is being skipped. */
  public boolean discarding() {
    return discarding;
  }
}
