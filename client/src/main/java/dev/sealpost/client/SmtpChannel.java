package dev.sealpost.client;

import dev.sealpost.protocol.SmtpReply;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSocket;

/**
 * One connection's byte stream: writes command lines, reads replies with a per-phase timeout, upgrades to
 * TLS, and tells the listener. I/O failures become typed exceptions naming the phase. Blocking I/O: each
 * connection is driven by one (usually virtual) thread, which keeps the STARTTLS buffer discard trivial
 * to get right: the reply reader is replaced, so no clear-text byte read ahead can survive the upgrade.
 */
final class SmtpChannel implements AutoCloseable {

  private final Destination destination;
  private final SmtpEventListener listener;
  private Socket socket;
  private ReplyReader reader;
  private OutputStream out;
  private WriteDeadline deadline;
  /** The TCP socket under any TLS layer: the write deadline closes this one, which never blocks. */
  private final Socket tcp;
  private Duration writeLimit = Duration.ofMinutes(3);
  private boolean closed;
  private Optional<TlsEvidence.Established> tls = Optional.empty();

  private SmtpChannel(Destination destination, SmtpEventListener listener, Socket socket) throws IOException {
    this.destination = destination;
    this.listener = listener;
    this.tcp = socket;
    attach(socket);
  }

  static SmtpChannel connect(Destination destination, Duration timeout, SmtpEventListener listener) {
    Socket socket = new Socket();
    try {
      InetSocketAddress address = destination.address()
          .map(a -> new InetSocketAddress(a, destination.port()))
          .orElseGet(() -> new InetSocketAddress(destination.host(), destination.port()));
      if (address.isUnresolved()) {
        throw new ConnectionException("cannot resolve " + destination.host(), (Throwable) null);
      }
      socket.setTcpNoDelay(true);
      socket.connect(address, millis(timeout));
      SmtpChannel channel = new SmtpChannel(destination, listener, socket);
      channel.notify(() -> listener.connectionOpened(destination, address));
      return channel;
    } catch (SocketTimeoutException e) {
      closeQuietly(socket);
      throw new SmtpTimeoutException("connect to " + destination + " timed out after " + timeout, "connect", e);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new ConnectionException("cannot connect to " + destination + ": " + e.getMessage(), e);
    }
  }

  private void attach(Socket s) throws IOException {
    socket = s;
    reader = new ReplyReader(s.getInputStream());
    deadline = new WriteDeadline(s.getOutputStream(), tcp, writeLimit);
    out = new BufferedOutputStream(deadline, 16 * 1024);
  }

  /**
   * Replaces the socket with a TLS one over it. The old reader and its buffer are dropped: bytes the
   * server sent after the 220 in clear text never count as replies (RFC 3207 §4.2, CVE-2011-0411 in reverse).
   */
  void startTls(TlsConnector connector, Duration timeout) {
    SSLSocket ssl = connector.handshake(socket, destination, millis(timeout));
    try {
      attach(ssl);
    } catch (IOException e) {
      throw lost("after the TLS handshake", e);
    }
    TlsEvidence.Established evidence = connector.evidence(ssl.getSession(), destination);
    tls = Optional.of(evidence);
    notify(() -> listener.tlsEstablished(destination, evidence));
  }

  /** Octets that were read ahead and not yet consumed as replies. */
  int bufferedReplyOctets() {
    return reader.buffered();
  }

  java.net.InetAddress localAddress() {
    return socket.getLocalAddress();
  }

  boolean isTls() {
    return tls.isPresent();
  }

  TlsEvidence evidence() {
    return tls.<TlsEvidence>map(e -> e).orElse(TlsEvidence.none());
  }

  Destination destination() {
    return destination;
  }

  /** Queues a command line; {@link #flush()} sends it. */
  void write(String line) {
    write(line, line);
  }

  /** Queues a line whose listener form is {@code shown} (credentials redacted). */
  void write(String line, String shown) {
    try {
      out.write(line.getBytes(StandardCharsets.UTF_8));
      out.write('\r');
      out.write('\n');
    } catch (IOException e) {
      throw lost("writing " + Commands.verb(shown), e);
    }
    notify(() -> listener.commandSent(destination, shown));
  }

  void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw lost("sending commands", e);
    }
  }

  /** The raw stream for DATA content; the caller encodes it. */
  OutputStream dataStream() {
    return out;
  }

  /** How long one write may block before the connection is given up (commands, then each DATA block). */
  void setWriteTimeout(Duration timeout) {
    writeLimit = timeout;
    deadline.limit(timeout);
  }

  void setTimeout(Duration timeout) {
    try {
      socket.setSoTimeout(millis(timeout));
    } catch (IOException e) {
      throw lost("setting a timeout", e);
    }
  }

  SmtpReply read(String awaiting, Duration timeout) {
    setTimeout(timeout);
    try {
      SmtpReply reply = reader.read();
      notify(() -> listener.replyReceived(destination, reply));
      return reply;
    } catch (SocketTimeoutException e) {
      close();
      throw new SmtpTimeoutException("no " + awaiting + " from " + destination + " within " + timeout, awaiting, e);
    } catch (EOFException e) {
      close();
      throw new ConnectionException(destination + " closed the connection while we waited for " + awaiting, e);
    } catch (ProtocolException e) {
      close();
      throw e;
    } catch (IOException e) {
      throw lost("waiting for " + awaiting, e);
    }
  }

  SmtpReply command(String line, Duration timeout) {
    write(line);
    flush();
    return read("reply to " + Commands.verb(line), timeout);
  }

  boolean isOpen() {
    return !closed && !socket.isClosed();
  }

  ConnectionException lost(String doing, IOException e) {
    close();
    if (e instanceof SocketTimeoutException) {
      throw new SmtpTimeoutException("timed out " + doing + " with " + destination, doing, e);
    }
    return new ConnectionException("connection to " + destination + " lost " + doing + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeQuietly(socket);
      notify(() -> listener.connectionClosed(destination));
    }
  }

  private void notify(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException ignored) {
      // a listener must not break a delivery (see SmtpEventListener)
    }
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing after a failure
    }
  }
}
