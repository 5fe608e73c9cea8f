package dev.sealpost.client;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A write timeout for a blocking socket, which the JDK lacks ({@code SO_TIMEOUT} covers reads only): a
 * server that stops reading in the middle of DATA would otherwise hold a sender forever (RFC 5321
 * §4.5.3.2.5 gives a data block 3 minutes). Each write arms a timer that closes the socket; the write
 * then fails, and is reported as a timeout rather than a lost connection.
 */
final class WriteDeadline extends FilterOutputStream {

  /** One daemon thread serves every connection: it only closes sockets, which does not block. */
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "smtp-client-write-deadline");
    t.setDaemon(true);
    return t;
  });

  private final Socket socket;
  private volatile Duration limit;
  private volatile boolean expired;

  WriteDeadline(OutputStream out, Socket socket, Duration limit) {
    super(out);
    this.socket = socket;
    this.limit = limit;
  }

  void limit(Duration d) {
    this.limit = d;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ScheduledFuture<?> timer = arm();
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw expired ? timedOut(e) : e;
    } finally {
      timer.cancel(false);
    }
  }

  @Override
  public void flush() throws IOException {
    ScheduledFuture<?> timer = arm();
    try {
      out.flush();
    } catch (IOException e) {
      throw expired ? timedOut(e) : e;
    } finally {
      timer.cancel(false);
    }
  }

  private ScheduledFuture<?> arm() {
    return TIMER.schedule(() -> {
      expired = true;
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing is all we wanted
      }
    }, limit.toNanos(), TimeUnit.NANOSECONDS);
  }

  private SocketTimeoutException timedOut(IOException cause) {
    SocketTimeoutException t = new SocketTimeoutException("the server read nothing for " + limit);
    t.initCause(cause);
    return t;
  }
}
