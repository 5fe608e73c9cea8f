package dev.sealpost.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;

/**
 * A TLS listener on 127.0.0.1 that only handshakes. {@link #nextHandshake()} completes with the
 * negotiated session of the next connection, or exceptionally when its handshake fails.
 */
final class LoopbackTlsServer implements AutoCloseable {

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel channel;
  private volatile CompletableFuture<SSLSession> next = new CompletableFuture<>();

  LoopbackTlsServer(SslContext context) {
    channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            SslHandler ssl = context.newHandler(ch.alloc());
            CompletableFuture<SSLSession> result = next;
            ssl.handshakeFuture().addListener(f -> {
              if (f.isSuccess()) {
                result.complete(ssl.engine().getSession());
              } else {
                result.completeExceptionally(f.cause());
              }
            });
            ch.pipeline().addLast(ssl);
          }
        })
        .bind("127.0.0.1", 0).syncUninterruptibly().channel();
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Arms the result for the next accepted connection. */
  CompletableFuture<SSLSession> nextHandshake() {
    next = new CompletableFuture<>();
    return next;
  }

  /** Connects with a Netty client context and returns the client's view of the handshake. */
  SSLSession connect(SslContext clientContext) throws Exception {
    CompletableFuture<SSLSession> result = new CompletableFuture<>();
    Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            SslHandler ssl = clientContext.newHandler(ch.alloc(), "localhost", port());
            ssl.handshakeFuture().addListener(f -> {
              if (f.isSuccess()) {
                result.complete(ssl.engine().getSession());
              } else {
                result.completeExceptionally(f.cause());
              }
            });
            ch.pipeline().addLast(ssl);
          }
        })
        .connect("127.0.0.1", port()).sync().channel();
    try {
      return result.get(10, TimeUnit.SECONDS);
    } finally {
      client.close().sync();
    }
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
