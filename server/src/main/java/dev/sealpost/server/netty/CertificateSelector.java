package dev.sealpost.server.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Reads the ClientHello and puts in its place the SslHandler with the certificate for the name asked
 * (SNI) and the key type the client can verify (ECDSA or RSA). Until the ClientHello arrives, writes pass
 * through: the 220 to STARTTLS still goes out in clear text. A client that sends no ClientHello within
 * the handshake timeout is disconnected.
 */
final class CertificateSelector extends SslClientHelloHandler<SslContext> {
  private final TlsContextSource source;
  private final boolean tls13;
  private final Duration handshakeTimeout;
  private ScheduledFuture<?> timeout;

  CertificateSelector(TlsContextSource source, boolean tls13, Duration handshakeTimeout) {
    super(16 * 1024);
    this.source = source;
    this.tls13 = tls13;
    this.handshakeTimeout = handshakeTimeout;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    super.handlerAdded(ctx);
    timeout = ctx.executor().schedule(() -> ctx.close(), handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
    if (timeout != null) {
      timeout.cancel(false);
    }
    super.handlerRemoved0(ctx);
  }

  @Override
  protected Future<SslContext> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
    ClientHello hello = ClientHello.parse(clientHello, tls13);
    return ctx.executor().newSucceededFuture(source.select(hello.serverName(), hello.ecdsa()));
  }

  @Override
  protected void onLookupComplete(ChannelHandlerContext ctx, Future<SslContext> future) {
    SslHandler handler = future.getNow().newHandler(ctx.alloc());
    handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
    ctx.pipeline().replace(this, TlsSetup.HANDLER_NAME, handler);
  }
}
