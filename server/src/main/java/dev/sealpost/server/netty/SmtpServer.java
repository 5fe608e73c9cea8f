package dev.sealpost.server.netty;

import dev.sealpost.server.config.ListenerConfig;
import dev.sealpost.server.config.ServerConfig;
import dev.sealpost.server.smtp.SessionServices;
import dev.sealpost.server.smtp.SmtpSession;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners of one server on Netty: binds them, runs sessions, and stops gracefully. */
public final class SmtpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup listeners = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final ChannelGroup sessions = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Map<String, InetSocketAddress> bound = new LinkedHashMap<>();
  private final Transport transport = Transport.best();

  private SmtpServer(int threads) {
    boss = transport.group(1);
    workers = transport.group(threads);
  }

  /** Binds every configured listener; on failure nothing stays bound. */
  public static SmtpServer start(ServerConfig config, SessionServices services, Supplier<SslContext> ssl) {
    SmtpServer server = new SmtpServer(Runtime.getRuntime().availableProcessors());
    ConnectionLimiter limiter =
        new ConnectionLimiter(config.limits().maxConnections(), config.limits().maxConnectionsPerClient());
    try {
      for (ListenerConfig listener : config.listeners()) {
        server.bind(config, listener, services, ssl, limiter);
      }
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    LOG.info("event=started transport={} listeners={}", server.transport.name(), server.bound);
    return server;
  }

  private void bind(ServerConfig config, ListenerConfig listener, SessionServices services,
      Supplier<SslContext> ssl, ConnectionLimiter limiter) {
    TlsSetup tls = new TlsSetup(ssl, listener.kind().implicitTls(), Duration.ofSeconds(30));
    GreetingPolicy greeting = listener.kind() == dev.sealpost.server.config.ListenerKind.SMTP
        ? new GreetingPolicy(config.greetingDelay(), config.rejectPregreet()) : GreetingPolicy.IMMEDIATE;
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            InetSocketAddress client = ch.remoteAddress();
            if (!limiter.admit(client)) {
              if (!tls.implicit()) {
                ch.writeAndFlush(Unpooled.copiedBuffer("421 4.7.0 Too many connections, try later\r\n",
                    StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE);
              } else {
                ch.close();
              }
              return;
            }
            ch.closeFuture().addListener(f -> limiter.release(client));
            sessions.add(ch);
            if (tls.implicit()) {
              ch.pipeline().addLast(TlsSetup.HANDLER_NAME, tls.newHandler(ch.alloc(), false));
            }
            ch.pipeline().addLast(new IdleStateHandler(config.limits().idleTimeout().toSeconds(), 0, 0,
                TimeUnit.SECONDS));
            SmtpSession session = new SmtpSession(newId(), listener, client, services);
            ch.pipeline().addLast("smtp", new SmtpChannelHandler(session, tls, greeting));
          }
        });
    Channel channel = b.bind(listener.address()).syncUninterruptibly().channel();
    listeners.add(channel);
    InetSocketAddress local = (InetSocketAddress) channel.localAddress();
    bound.put(listener.name(), local);
  }

  /** The address a listener is bound to (its real port when 0 was configured). */
  public InetSocketAddress address(String listenerName) {
    InetSocketAddress a = bound.get(listenerName);
    if (a == null) {
      throw new IllegalArgumentException("no listener named " + listenerName);
    }
    return a;
  }

  public Map<String, InetSocketAddress> addresses() {
    return Map.copyOf(bound);
  }

  /**
   * Stops accepting, waits up to {@code grace} for sessions in the middle of a message, then says 421 to
   * the rest and closes them.
   */
  public void stop(Duration grace) {
    listeners.close().awaitUninterruptibly();
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline && sessions.stream().anyMatch(SmtpServer::busy)) {
      sleep(50);
    }
    for (Channel ch : sessions) {
      ch.eventLoop().execute(() -> {
        SmtpChannelHandler h = ch.pipeline().get(SmtpChannelHandler.class);
        if (h != null) {
          h.shutdown();
        } else {
          ch.close();
        }
      });
    }
    sessions.newCloseFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    close();
  }

  private static boolean busy(Channel ch) {
    SmtpChannelHandler h = ch.pipeline().get(SmtpChannelHandler.class);
    return h != null && h.busy();
  }

  @Override
  public void close() {
    listeners.close().awaitUninterruptibly();
    sessions.close().awaitUninterruptibly();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static String newId() {
    char[] id = new char[10];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
    }
    return new String(id);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
