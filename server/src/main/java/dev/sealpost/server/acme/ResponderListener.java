package dev.sealpost.server.acme;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The listening socket of a challenge responder: one event loop thread of its own, little traffic. */
final class ResponderListener implements AutoCloseable {
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel channel;

  ResponderListener(InetSocketAddress listen, String what, ChannelInitializer<SocketChannel> pipeline) {
    ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class).childHandler(pipeline);
    try {
      channel = b.bind(listen).syncUninterruptibly().channel();
    } catch (Exception e) { // Netty rethrows the BindException unchecked
      group.shutdownGracefully();
      throw new IllegalStateException("cannot listen on " + listen + " for " + what + ": " + e.getMessage(), e);
    }
  }

  InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
