package dev.sealpost.server.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Writes one message into tmp/ through a 64 KiB buffer. {@link #write} does page-cache writes only, so
 * the SMTP event loop may call it; the fsync happens in {@link #commit} on the group committer.
 *
 * <p>An I/O error during {@link #write} (e.g. disk full) is not thrown at the event loop mid-DATA: it is
 * kept, later content is dropped, and {@link #commit} reports it, so the session answers 451 at the end
 * of the message as RFC 5321 §4.2.5 expects. Thread-safe, though one thread is expected to use it.
 */
public final class SpoolWriter {

  private enum State { OPEN, COMMITTING, COMMITTED, ABORTED }

  static final int BUFFER_SIZE = 64 * 1024;

  private final String queueId;
  private final FileChannel channel;
  private final Path tmp;
  private final Path target;
  private final GroupCommitter committer;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
  private long bodySize;
  private IOException failure;
  private State state = State.OPEN;

  SpoolWriter(String queueId, FileChannel channel, Path tmp, Path target, GroupCommitter committer, byte[] header) {
    this.queueId = queueId;
    this.channel = channel;
    this.tmp = tmp;
    this.target = target;
    this.committer = committer;
    append(header, 0, header.length);
  }

  public String queueId() {
    return queueId;
  }

  /** Appends message content; the array may be reused once this returns. */
  public synchronized void write(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (state != State.OPEN) {
      throw new IllegalStateException("spool file " + queueId + " is " + state);
    }
    bodySize += length;
    append(bytes, offset, length);
  }

  /** Octets of content written so far (the header not counted). */
  public synchronized long bodySize() {
    return bodySize;
  }

  /**
   * Flushes and hands the file to the group committer. The future completes with the queue id, on the
   * committer thread (see {@link GroupCommitter}), once the file is in incoming/ and both the file and
   * the directory are fsynced; exceptionally, with the temp file deleted, if anything failed.
   */
  public synchronized CompletableFuture<String> commit() {
    if (state != State.OPEN) {
      return CompletableFuture.failedFuture(new IllegalStateException("spool file " + queueId + " is " + state));
    }
    flush();
    if (failure != null) {
      abort();
      return CompletableFuture.failedFuture(failure);
    }
    state = State.COMMITTING;
    CompletableFuture<String> result = new CompletableFuture<>();
    committer.commit(channel, tmp, target).whenComplete((ok, error) -> {
      synchronized (this) {
        state = error == null ? State.COMMITTED : State.ABORTED;
      }
      if (error == null) {
        result.complete(queueId);
      } else {
        result.completeExceptionally(error);
      }
    });
    return result;
  }

  /**
   * Drops the message: closes and deletes the temp file. Idempotent; does nothing once a commit was
   * started, since the committer then owns the file (and deletes it itself if the commit fails).
   */
  public synchronized void abort() {
    if (state != State.OPEN) {
      return;
    }
    state = State.ABORTED;
    try (channel) {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      // SpoolRecovery empties tmp/ at the next start.
    }
  }

  private void append(byte[] bytes, int offset, int length) {
    if (failure != null) {
      return;
    }
    if (length > buffer.remaining()) {
      flush();
      if (length >= buffer.capacity()) {
        writeFully(ByteBuffer.wrap(bytes, offset, length)); // large chunk: skip the copy
        return;
      }
    }
    buffer.put(bytes, offset, length);
  }

  private void flush() {
    buffer.flip();
    writeFully(buffer);
    buffer.clear();
  }

  private void writeFully(ByteBuffer src) {
    try {
      while (src.hasRemaining() && failure == null) {
        channel.write(src);
      }
    } catch (IOException e) {
      failure = new IOException("cannot write spool file " + tmp, e);
    }
  }
}
