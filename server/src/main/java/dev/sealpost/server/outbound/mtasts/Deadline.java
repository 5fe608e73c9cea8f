package dev.sealpost.server.outbound.mtasts;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A total time limit for blocking socket work: every read waits at most until the deadline, so a
 * server that sends one byte at a time cannot stretch a fetch. Uses the monotonic clock.
 */
final class Deadline {

  private final long endNanos;

  Deadline(Duration limit) {
    this.endNanos = System.nanoTime() + limit.toNanos();
  }

  boolean passed() {
    return System.nanoTime() - endNanos >= 0;
  }

  /** The smaller of {@code limit} and the time left, at least 1 ms (0 would mean "forever"). */
  int timeoutMillis(Duration limit) {
    long left = Math.max(1, (endNanos - System.nanoTime()) / 1_000_000);
    return (int) Math.min(Math.min(left, limit.toMillis()), Integer.MAX_VALUE);
  }

  /** The socket's input, with each read's timeout cut to the time left. */
  InputStream guard(Socket socket) throws IOException {
    return new FilterInputStream(socket.getInputStream()) {
      @Override
      public int read() throws IOException {
        arm();
        return super.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return super.read(b, off, len);
      }

      private void arm() throws IOException {
        if (passed()) {
          throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout(timeoutMillis(Duration.ofMillis(Integer.MAX_VALUE)));
      }
    };
  }
}
