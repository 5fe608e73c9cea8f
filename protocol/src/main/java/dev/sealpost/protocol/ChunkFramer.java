package dev.sealpost.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Reads the chunks of a BDAT transaction (RFC 3030) and hands them to a {@link BodySink}.
 *
 * <p>BDAT frames by octet count, so no terminator can be smuggled here; but a message taken in with
 * bare CR or LF would be relayed onward by DATA later, where it could end the message early at the
 * next hop. Unless the body was declared BINARYMIME, the same line rules as {@link DataFramer} apply:
 * bare CR or LF, NUL and overlong lines refuse the message. Line state carries across chunks.
 *
 * <p>Not thread-safe: one instance per transaction, used from the connection's event loop.
 */
public final class ChunkFramer {

  private final BodySink sink;
  private final long maxSize;
  private final boolean binary;
  private final byte[] out = new byte[16 * 1024];
  private int outLength;
  private long size;
  private long remaining;
  private int lineLength;
  private boolean afterCr;
  private DataFramer.Outcome outcome = DataFramer.Outcome.OK;

  /**
   * @param binary true for BODY=BINARYMIME, where line rules do not apply
   */
  public ChunkFramer(BodySink sink, long maxSize, boolean binary) {
    this.sink = sink;
    this.maxSize = maxSize;
    this.binary = binary;
  }

  /** Starts a chunk of {@code chunkSize} octets; the previous one must be complete. */
  public void startChunk(long chunkSize) {
    if (remaining != 0) {
      throw new IllegalStateException("previous chunk incomplete: " + remaining + " octets left");
    }
    remaining = chunkSize;
    if (size + chunkSize > maxSize || size + chunkSize < 0) {
      fail(DataFramer.Outcome.TOO_LARGE);
    }
  }

  /** Consumes up to the rest of the current chunk; returns true when the chunk is complete. */
  public boolean feed(ByteBuf in) {
    int n = (int) Math.min(remaining, in.readableBytes());
    int start = in.readerIndex();
    for (int i = start; i < start + n; i++) {
      accept(in.getByte(i));
    }
    in.readerIndex(start + n);
    remaining -= n;
    flush();
    return remaining == 0;
  }

  /** Ends the message (the LAST chunk was read): a dangling CR is a bare CR. */
  public DataFramer.Outcome finish() {
    if (afterCr && !binary) {
      fail(DataFramer.Outcome.BARE_NEWLINE);
    }
    return outcome;
  }

  private void accept(byte b) {
    if (!binary) {
      check(b);
    }
    if (outcome != DataFramer.Outcome.OK) {
      return;
    }
    size++;
    out[outLength++] = b;
    if (outLength == out.length) {
      flush();
    }
  }

  private void check(byte b) {
    if (afterCr && b != '\n') {
      fail(DataFramer.Outcome.BARE_NEWLINE);
    }
    if (b == '\n') {
      if (!afterCr) {
        fail(DataFramer.Outcome.BARE_NEWLINE);
      }
      lineLength = 0;
    } else if (b != '\r') {
      if (b == 0) {
        fail(DataFramer.Outcome.NUL);
      }
      if (++lineLength > DataFramer.MAX_LINE) {
        fail(DataFramer.Outcome.LINE_TOO_LONG);
      }
    }
    afterCr = b == '\r';
  }

  private void fail(DataFramer.Outcome why) {
    if (outcome == DataFramer.Outcome.OK) {
      outcome = why;
    }
  }

  private void flush() {
    if (outLength > 0 && outcome == DataFramer.Outcome.OK) {
      sink.write(out, 0, outLength);
    }
    outLength = 0;
  }

  /** The verdict so far. */
  public DataFramer.Outcome outcome() {
    return outcome;
  }

  /** Octets of message content accepted so far. */
  public long size() {
    return size;
  }
}
