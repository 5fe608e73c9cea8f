package dev.sealpost.server.netty;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How a listener does TLS. The context comes from a supplier so that a reloaded certificate is used by
 * the next handshake without a restart.
 */
record TlsSetup(Supplier<SslContext> context, boolean implicit, Duration handshakeTimeout) {

  static final String HANDLER_NAME = "tls";

  /**
   * The handler that starts TLS: an SslHandler, or, when some names have certificates of their own, an
   * SniHandler that reads the ClientHello's server name and puts the right SslHandler in its place.
   *
   * @param startTls true when the next write (the 220 to STARTTLS) must still go out in clear text
   */
  io.netty.channel.ChannelHandler newHandler(ByteBufAllocator alloc, boolean startTls) {
    if (context instanceof TlsContextSource source && source.hasAlternatives()) {
      // Until the ClientHello arrives, the SniHandler passes writes through: the 220 goes out in clear text.
      return new io.netty.handler.ssl.SniHandler(source::forName, 16 * 1024, handshakeTimeout.toMillis()) {
        @Override
        protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
          SslHandler handler = super.newSslHandler(context, allocator);
          handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
          return handler;
        }
      };
    }
    SslHandler handler = new SslHandler(context.get().newEngine(alloc), startTls);
    handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
    return handler;
  }
}
