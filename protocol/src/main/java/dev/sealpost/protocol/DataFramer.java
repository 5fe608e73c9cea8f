package dev.sealpost.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Reads the content of a DATA command (RFC 5321 §4.1.1.4) up to its {@code <CRLF>.<CRLF>} terminator,
 * removing dot-stuffing (§4.5.2) and handing the message bytes to a {@link BodySink}.
 *
 * <p>Only {@code <CRLF>.<CRLF>} ends the message. A bare LF or bare CR never ends it and never starts a
 * line; it marks the message {@link Outcome#BARE_NEWLINE} and the rest is read and discarded up to the
 * real terminator, so that whatever an attacker smuggled behind {@code <LF>.<LF>} is swallowed, never
 * executed as commands (the 2023 SMTP smuggling class). NULs, lines over 998 octets (§4.5.3.1.6) and
 * messages over the size limit are handled the same way: recorded, then discarded to the terminator,
 * so that the reply comes at the end of DATA where the client expects it.
 *
 * <p>The message handed to the sink uses CRLF line endings only; the terminator itself is not part of
 * it. Not thread-safe: one instance per transaction, used from the connection's event loop.
 */
public final class DataFramer {

  /** How the message ended. Anything but OK means the transaction is refused. */
  public enum Outcome { OK, BARE_NEWLINE, NUL, LINE_TOO_LONG, TOO_LARGE }

  /** Longest text line in octets without its CRLF (RFC 5321 §4.5.3.1.6). */
  public static final int MAX_LINE = 998;

  private enum State { LINE_START, DOT, DOT_CR, MIDDLE, CR, DONE }

  private final BodySink sink;
  private final long maxSize;
  private final byte[] out = new byte[16 * 1024];
  private int outLength;
  private long size;
  private int lineLength;
  private State state = State.LINE_START;
  private Outcome outcome = Outcome.OK;

  /** @param maxSize largest message accepted, in octets */
  public DataFramer(BodySink sink, long maxSize) {
    this.sink = sink;
    this.maxSize = maxSize;
  }

  /**
   * Consumes bytes from {@code in} until the terminator or the end of the buffer.
   *
   * @return true when the terminator was read; the reader index then points just after it, so that
   *     pipelined commands that follow stay in the buffer
   */
  public boolean feed(ByteBuf in) {
    int i = in.readerIndex();
    int end = in.writerIndex();
    while (i < end && state != State.DONE) {
      step(in.getByte(i++));
    }
    in.readerIndex(i);
    flush();
    return state == State.DONE;
  }

  private void step(byte b) {
    switch (state) {
      case LINE_START -> {
        if (b == '.') {
          state = State.DOT;
        } else {
          middle(b);
        }
      }
      case DOT -> {
        if (b == '\r') {
          state = State.DOT_CR;
        } else {
          middle(b); // a stuffed dot: drop it, keep the rest of the line
        }
      }
      case DOT_CR -> {
        if (b == '\n') {
          state = State.DONE;
        } else {
          fail(Outcome.BARE_NEWLINE); // "." CR x: the CR was bare
          middle(b);
        }
      }
      case CR -> {
        if (b == '\n') {
          emit((byte) '\r');
          emit((byte) '\n');
          lineLength = 0;
          state = State.LINE_START;
        } else {
          fail(Outcome.BARE_NEWLINE);
          middle(b);
        }
      }
      case MIDDLE -> middle(b);
      case DONE -> throw new IllegalStateException("DATA already ended");
    }
  }

  private void middle(byte b) {
    state = State.MIDDLE;
    if (b == '\r') {
      state = State.CR;
    } else if (b == '\n') {
      fail(Outcome.BARE_NEWLINE);
    } else {
      if (b == 0) {
        fail(Outcome.NUL);
      }
      if (++lineLength > MAX_LINE) {
        fail(Outcome.LINE_TOO_LONG);
      }
      emit(b);
    }
  }

  private void emit(byte b) {
    if (outcome != Outcome.OK) {
      return;
    }
    if (++size > maxSize) {
      fail(Outcome.TOO_LARGE);
      return;
    }
    out[outLength++] = b;
    if (outLength == out.length) {
      flush();
    }
  }

  private void fail(Outcome why) {
    if (outcome == Outcome.OK) {
      outcome = why;
    }
  }

  private void flush() {
    if (outLength > 0 && outcome == Outcome.OK) {
      sink.write(out, 0, outLength);
    }
    outLength = 0;
  }

  /** The verdict so far; final once {@link #feed} returned true. */
  public Outcome outcome() {
    return outcome;
  }

  /** Octets of message content accepted so far (after dot-unstuffing). */
  public long size() {
    return size;
  }
}
