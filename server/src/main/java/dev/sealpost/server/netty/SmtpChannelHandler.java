package dev.sealpost.server.netty;

import dev.sealpost.protocol.LineFramer;
import dev.sealpost.protocol.SmtpReply;
import dev.sealpost.server.smtp.CommandLimits;
import dev.sealpost.server.smtp.Effect;
import dev.sealpost.server.smtp.InputMode;
import dev.sealpost.server.smtp.SmtpSession;
import dev.sealpost.server.smtp.TlsInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts one {@link SmtpSession} to a Netty channel: frames the bytes the way the session's input mode
 * asks, carries out the {@link Effect}s it returns, and flushes replies only when it would otherwise
 * wait for the client, so that a pipelined batch (RFC 2920) gets its replies in one write.
 *
 * <p>Input is pulled from an own cumulation buffer one frame at a time, and only while no command is in
 * flight. While one is (an {@link Effect.Async}), auto-read is off: the buffer holds at most what one
 * read brought, and nothing the client pipelined behind a STARTTLS can ever be framed, because the
 * buffer is dropped when the TLS handler goes in.
 */
final class SmtpChannelHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpChannelHandler.class);

  private final SmtpSession session;
  private final TlsSetup tls;
  private final GreetingPolicy greeting;
  private final LineFramer framer = new LineFramer(CommandLimits.FRAMING);
  private ByteBuf buffer;
  private boolean busy;
  private boolean closing;
  private boolean greeted;
  private ChannelHandlerContext ctx;

  SmtpChannelHandler(SmtpSession session, TlsSetup tls, GreetingPolicy greeting) {
    this.session = session;
    this.tls = tls;
    this.greeting = greeting;
  }

  SmtpSession session() {
    return session;
  }

  boolean busy() {
    return busy || session.inTransaction();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (tls.implicit()) {
      busy = true; // greet once the handshake is done
    } else if (greeting.delay().isZero()) {
      greet();
    } else {
      ctx.executor().schedule(this::greet, greeting.delay().toMillis(), TimeUnit.MILLISECONDS);
    }
    ctx.fireChannelActive();
  }

  private void greet() {
    if (closing || greeted || !ctx.channel().isActive()) {
      return;
    }
    greeted = true;
    ctx.writeAndFlush(Unpooled.wrappedBuffer(session.greeting().toBytes()));
    drain();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in) || closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    buffer = buffer == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), buffer, in);
    if (!greeted && !tls.implicit()) {
      LOG.warn("session={} client={} event=pregreet octets={}", session.id(), ctx.channel().remoteAddress(),
          buffer.readableBytes());
      if (greeting.rejectPregreet()) {
        apply(new Effect.Close(SmtpReply.of(554, "5.5.0", "Protocol error: client sent data before the greeting")));
        return;
      }
    }
    if (greeted) {
      drain();
    }
  }

  /** Frames and handles input until the buffer runs dry or a command goes asynchronous. */
  private void drain() {
    // A client that does not read its replies must not grow our outbound buffer without bound.
    while (!busy && !closing && buffer != null && buffer.isReadable() && ctx.channel().isWritable()) {
      Effect effect = next();
      if (effect == null) {
        break; // need more input
      }
      apply(effect);
    }
    releaseIfEmpty();
    if (!busy && !closing) {
      ctx.flush();
      ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && greeted) {
      drain();
    }
    ctx.fireChannelWritabilityChanged();
  }

  private Effect next() {
    return switch (session.mode()) {
      case InputMode.Commands c -> frameLine();
      case InputMode.Sasl s -> frameLine();
      case InputMode.Data d -> d.framer().feed(buffer) ? session.onDataEnd(d.framer().outcome()) : null;
      case InputMode.Chunk chunk -> chunk.framer().feed(buffer) ? session.onChunkEnd(chunk) : null;
    };
  }

  private Effect frameLine() {
    int before = buffer.readerIndex();
    return switch (framer.next(buffer)) {
      case LineFramer.Frame.Line line -> session.onLine(line.text(), buffer.readerIndex() - before);
      case LineFramer.Frame.NeedMore more -> null;
      case LineFramer.Frame.TooLong tooLong -> session.onLineTooLong();
      case LineFramer.Frame.Malformed bad -> session.onMalformedLine(bad.reason());
      case LineFramer.Frame.Undecodable bad -> session.onUndecodableLine();
    };
  }

  private void apply(Effect effect) {
    switch (effect) {
      case Effect.Continue c -> {}
      case Effect.Reply r -> ctx.write(Unpooled.wrappedBuffer(r.reply().toBytes()));
      case Effect.Close c -> {
        closing = true;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(c.reply().toBytes())).addListener(ChannelFutureListener.CLOSE);
      }
      case Effect.StartTls s -> startTls(s);
      case Effect.Async a -> {
        pause();
        a.next().whenComplete((continuation, failure) -> ctx.executor().execute(() -> resume(
            failure == null ? continuation.get() : internalError(failure))));
      }
      case Effect.Delayed d -> {
        pause();
        ctx.executor().schedule(() -> resume(d.then()), d.delay().toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private Effect internalError(Throwable failure) {
    LOG.error("session={} event=internal-error", session.id(), failure);
    return new Effect.Reply(SmtpReply.of(451, "4.3.0", "Internal error; try again later"));
  }

  private void pause() {
    busy = true;
    ctx.channel().config().setAutoRead(false);
    ctx.flush();
  }

  private void resume(Effect effect) {
    busy = false;
    if (!ctx.channel().isActive()) {
      return;
    }
    apply(effect);
    drain();
  }

  private void startTls(Effect.StartTls s) {
    int dropped = buffer == null ? 0 : buffer.readableBytes();
    if (dropped > 0) {
      // RFC 3207 §4.2 / CVE-2011-0411: never execute what was pipelined after STARTTLS in clear text.
      LOG.warn("session={} client={} event=starttls-injection discarded-octets={}", session.id(),
          ctx.channel().remoteAddress(), dropped);
      buffer.skipBytes(dropped);
    }
    busy = true;
    io.netty.channel.ChannelHandler handler = tls.newHandler(ctx.alloc(), true);
    ctx.pipeline().addFirst(TlsSetup.HANDLER_NAME, handler);
    ctx.writeAndFlush(Unpooled.wrappedBuffer(s.reply().toBytes()));
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent done) {
      tls.handshakeDone(done);
      if (!done.isSuccess()) {
        LOG.info("session={} client={} event=tls-failed cause=\"{}\"", session.id(), ctx.channel().remoteAddress(),
            done.cause().getMessage());
        closing = true;
        ctx.close();
        return;
      }
      SSLSession ssl = ctx.pipeline().get(SslHandler.class).engine().getSession();
      session.tlsEstablished(new TlsInfo(ssl.getProtocol(), ssl.getCipherSuite()));
      busy = false;
      if (tls.implicit() && !greeted) {
        greet();
      } else {
        drain();
      }
    } else if (evt instanceof IdleStateEvent) {
      LOG.info("session={} client={} event=idle-timeout", session.id(), ctx.channel().remoteAddress());
      apply(new Effect.Close(SmtpReply.of(421, "4.4.2", session.hostname() + " Idle timeout, closing connection")));
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  /** Sends 421 and closes, for shutdown. */
  void shutdown() {
    if (!closing) {
      apply(new Effect.Close(SmtpReply.of(421, "4.3.2", session.hostname() + " Service shutting down")));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Never a stack trace to the peer; I/O errors from peers are routine.
    if (cause instanceof java.io.IOException) {
      LOG.debug("session={} event=io-error cause=\"{}\"", session.id(), cause.toString());
    } else if (isTlsFailure(cause)) {
      // Already logged once, without a stack trace, as event=tls-failed: a client offering an old
      // protocol or no shared suite is routine on a public port, not a server fault.
      LOG.debug("session={} event=tls-error cause=\"{}\"", session.id(), cause.toString());
    } else {
      LOG.warn("session={} event=error", session.id(), cause);
    }
    closing = true;
    ctx.close();
  }

  private static boolean isTlsFailure(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException || t instanceof io.netty.handler.ssl.NotSslRecordException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    session.closed();
    LOG.debug("session={} event=closed", session.id());
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (buffer != null) {
      buffer.release();
      buffer = null;
    }
  }

  private void releaseIfEmpty() {
    if (buffer != null && !buffer.isReadable()) {
      buffer.release();
      buffer = null;
    } else if (buffer != null) {
      buffer.discardSomeReadBytes();
    }
  }

  static String ascii(ByteBuf b) {
    return b.toString(StandardCharsets.US_ASCII);
  }
}
