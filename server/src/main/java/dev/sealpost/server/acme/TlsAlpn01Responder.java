package dev.sealpost.server.acme;

import dev.sealpost.tls.SslContexts;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS-ALPN-01 responder (RFC 8737): a TLS listener that, for a client naming a published host name
 * in SNI and offering only the {@code acme-tls/1} protocol, completes a handshake with the challenge's
 * self-signed certificate (which carries the key authorization's digest) and closes. Any other name
 * gets no handshake at all. It never serves mail nor the real certificate.
 */
final class TlsAlpn01Responder implements ChallengeResponder {
  private static final Logger LOG = LoggerFactory.getLogger(TlsAlpn01Responder.class);

  private final Map<String, SslContext> contexts = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
  private final ResponderListener listener;

  private TlsAlpn01Responder(InetSocketAddress listen) {
    listener = new ResponderListener(listen, "ACME TLS-ALPN-01", new ChannelInitializer<SocketChannel>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(new ReadTimeoutHandler(10),
            new SniHandler((String name, Promise<SslContext> promise) -> {
              SslContext c = name == null ? null : contexts.get(name.toLowerCase(Locale.ROOT));
              return c == null ? promise.setFailure(new SSLException("no ACME challenge for " + name))
                  : promise.setSuccess(c);
            }),
            new CloseAfterHandshake());
      }
    });
    LOG.info("event=acme-tlsalpn01-listening address={}", listener.address());
  }

  static TlsAlpn01Responder start(InetSocketAddress listen) {
    return new TlsAlpn01Responder(listen);
  }

  InetSocketAddress address() {
    return listener.address();
  }

  /** Validation handshakes completed so far. */
  int answered() {
    return answered.get();
  }

  @Override
  public String type() {
    return TlsAlpn01Challenge.TYPE;
  }

  @Override
  public void publish(String name, Challenge challenge) {
    TlsAlpn01Challenge alpn = (TlsAlpn01Challenge) challenge;
    KeyPair keys = dev.sealpost.tls.KeyType.RSA_2048.generate(); // acme4j signs it SHA256withRSA
    serve(name, keys, alpn.createCertificate(keys, Identifier.dns(name)));
  }

  /** Completes acme-tls/1 handshakes for {@code name} with {@code cert}. */
  void serve(String name, KeyPair keys, X509Certificate cert) {
    try {
      SslContext context = SslContextBuilder.forServer(keys.getPrivate(), cert)
          .sslProvider(SslContexts.defaultProvider())
          .protocols("TLSv1.3", "TLSv1.2")
          .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, TlsAlpn01Challenge.ACME_TLS_1_PROTOCOL))
          .build();
      contexts.put(name.toLowerCase(Locale.ROOT), context);
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the TLS-ALPN-01 answer for " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void withdraw(String name, Challenge challenge) {
    contexts.remove(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public void close() {
    listener.close();
  }

  /** The validation is the handshake itself: nothing is read or written after it. */
  private final class CloseAfterHandshake extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent done) {
        LOG.info("event=acme-tlsalpn01-handshake peer={} ok={}", ctx.channel().remoteAddress(), done.isSuccess());
        if (done.isSuccess()) {
          answered.incrementAndGet();
        }
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
