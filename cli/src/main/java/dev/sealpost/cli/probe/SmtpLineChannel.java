package dev.sealpost.cli.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;

/**
 * One probing connection: clear-text or TLS, read and written a line at a time, synchronously. The
 * probe drives Netty rather than {@code SSLSocket} because the JDK provider refuses TLS 1.0 and 1.1
 * outright (jdk.tls.disabledAlgorithms), while BoringSSL through Netty can still offer them — and an
 * auditor must be able to ask a server whether it accepts them.
 */
final class SmtpLineChannel implements AutoCloseable {

  /** Replies longer than this are a broken or hostile server, not SMTP. */
  private static final int MAX_LINE = 4096;
  private static final int MAX_REPLY_LINES = 200;

  private sealed interface Event permits LineEvent, ClosedEvent, ErrorEvent {}

  private record LineEvent(String line) implements Event {}

  private record ClosedEvent() implements Event {}

  private record ErrorEvent(Throwable cause) implements Event {}

  private final Channel channel;
  private final BlockingQueue<Event> events;
  private final Duration timeout;
  private boolean closed;
  private SslHandler tls;
  /** Whether the server has spoken SMTP here: only then does QUIT make sense. */
  private boolean spoken;

  private SmtpLineChannel(Channel channel, BlockingQueue<Event> events, Duration timeout) {
    this.channel = channel;
    this.events = events;
    this.timeout = timeout;
  }

  /**
   * Connects; with {@code implicitTls} the TLS handshake runs first and this returns once it has
   * completed (or throws {@link ProbeIoException} naming why it failed).
   */
  static SmtpLineChannel connect(EventLoopGroup group, ProbeTarget target, Duration timeout,
      SslContext implicitTls) {
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    // Kept here: a failed handshake closes the channel and empties its pipeline before we look.
    var tls = new java.util.concurrent.atomic.AtomicReference<SslHandler>();
    Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (implicitTls != null) {
              tls.set(newHandler(implicitTls, ch, target));
              ch.pipeline().addLast("tls", tls.get());
            }
            ch.pipeline().addLast("lines", new LineBasedFrameDecoder(MAX_LINE, true, true));
            ch.pipeline().addLast("events", new EventCollector(events));
          }
        });
    InetSocketAddress remote = target.address() != null
        ? new InetSocketAddress(target.address(), target.port())
        : new InetSocketAddress(target.host(), target.port());
    if (remote.isUnresolved()) {
      throw new ProbeConnectException("cannot resolve host name " + target.host());
    }
    ChannelFuture f = b.connect(remote);
    if (!f.awaitUninterruptibly(timeout.toMillis() + 500, TimeUnit.MILLISECONDS)) {
      f.channel().close();
      throw new ProbeConnectException("connect to " + target + " timed out after " + timeout.toSeconds() + " s");
    }
    if (!f.isSuccess()) {
      throw new ProbeConnectException("cannot connect to " + target + ": " + describe(f.cause()));
    }
    SmtpLineChannel c = new SmtpLineChannel(f.channel(), events, timeout);
    if (implicitTls != null) {
      try {
        c.tls = tls.get();
        c.awaitHandshake(c.tls);
      } catch (ProbeIoException e) {
        c.close();
        throw e;
      }
    }
    return c;
  }

  private static SslHandler newHandler(SslContext ctx, Channel ch, ProbeTarget target) {
    // SNI carries the name being probed; Netty sends it only for host names, never for IP literals.
    SslHandler h = ctx.newHandler(ch.alloc(), target.host(), target.port());
    h.setHandshakeTimeoutMillis(0); // the probe's own timeout applies
    return h;
  }

  /** Reads one reply, multi-line included. */
  Reply readReply() {
    List<String> lines = new ArrayList<>();
    int code = -1;
    while (true) {
      String line = nextLine();
      if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
          || !Character.isDigit(line.charAt(2)) || (line.length() > 3 && line.charAt(3) != ' '
          && line.charAt(3) != '-')) {
        throw new ProbeIoException("not an SMTP reply: " + Reply.printable(line));
      }
      int c = Integer.parseInt(line.substring(0, 3));
      if (code >= 0 && c != code) {
        throw new ProbeIoException("reply code changed inside a multi-line reply: " + Reply.printable(line));
      }
      code = c;
      lines.add(line.length() > 4 ? line.substring(4) : "");
      if (line.length() == 3 || line.charAt(3) == ' ') {
        spoken = true;
        return new Reply(code, lines);
      }
      if (lines.size() >= MAX_REPLY_LINES) {
        throw new ProbeIoException("reply longer than " + MAX_REPLY_LINES + " lines");
      }
    }
  }

  /** Like {@link #readReply()}, but returns null when nothing arrives within {@code wait}. */
  Reply readReplyWithin(Duration wait) {
    try {
      Event e = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
      if (e == null) {
        return null;
      }
      pushBack(e);
      return readReply();
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new ProbeIoException("interrupted");
    }
  }

  private final java.util.ArrayDeque<Event> pushedBack = new java.util.ArrayDeque<>();

  private void pushBack(Event e) {
    pushedBack.push(e);
  }

  private String nextLine() {
    Event e = pushedBack.isEmpty() ? poll() : pushedBack.pop();
    return switch (e) {
      case LineEvent l -> l.line();
      case ClosedEvent c -> throw new ProbeIoException("the server closed the connection");
      case ErrorEvent err -> throw new ProbeIoException(describe(err.cause()));
    };
  }

  private Event poll() {
    try {
      Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (e == null) {
        throw new ProbeIoException("no reply within " + timeout.toSeconds() + " s");
      }
      return e;
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new ProbeIoException("interrupted");
    }
  }

  /** Sends a command line (CRLF appended) and reads its reply. */
  Reply command(String line) {
    send(line);
    return readReply();
  }

  void send(String line) {
    ByteBuf buf = Unpooled.copiedBuffer(line + "\r\n", StandardCharsets.ISO_8859_1);
    channel.writeAndFlush(buf);
  }

  /**
   * True when the server sent something the probe has not read yet: after a {@code 220} to STARTTLS
   * that is clear text the server wanted treated as if it came after the handshake.
   */
  boolean hasUnreadInput() {
    return !pushedBack.isEmpty() || !events.isEmpty();
  }

  /** Starts TLS on this connection (after a 220 to STARTTLS) and waits for the handshake. */
  SSLSession startTls(SslContext ctx, ProbeTarget target) {
    // Anything still queued arrived in clear text before the handshake: drop it, never read it as
    // a reply from inside TLS.
    pushedBack.clear();
    events.clear();
    tls = newHandler(ctx, channel, target);
    channel.pipeline().addFirst("tls", tls);
    return awaitHandshake(tls);
  }

  private SSLSession awaitHandshake(SslHandler h) {
    var hf = h.handshakeFuture();
    if (!hf.awaitUninterruptibly(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new ProbeIoException("TLS handshake timed out after " + timeout.toSeconds() + " s");
    }
    if (!hf.isSuccess()) {
      events.clear(); // the handshake failure is also reported through exceptionCaught
      throw new ProbeIoException("TLS handshake failed: " + describe(hf.cause()));
    }
    return h.engine().getSession();
  }

  /** The TLS session, or null in clear text. */
  SSLSession tlsSession() {
    return tls == null ? null : tls.engine().getSession();
  }

  static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (channel.isActive() && spoken) {
      send("QUIT");
    }
    channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
  }

  /** Turns channel activity into events for the synchronous reader. */
  private static final class EventCollector extends SimpleChannelInboundHandler<ByteBuf> {
    private final BlockingQueue<Event> events;

    EventCollector(BlockingQueue<Event> events) {
      this.events = events;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
      events.add(new LineEvent(msg.toString(StandardCharsets.ISO_8859_1)));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      events.add(new ClosedEvent());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      events.add(new ErrorEvent(cause));
      ctx.close();
    }
  }
}
