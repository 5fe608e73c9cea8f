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

  /** @param startTls true when the next write (the 220 to STARTTLS) must still go out in clear text */
  SslHandler newHandler(ByteBufAllocator alloc, boolean startTls) {
    SslHandler handler = new SslHandler(context.get().newEngine(alloc), startTls);
    handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
    return handler;
  }
}
