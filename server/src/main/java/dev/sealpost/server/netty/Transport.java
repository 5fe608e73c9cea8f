package dev.sealpost.server.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** Native epoll where it loads (Linux), NIO otherwise. */
record Transport(String name, IoHandlerFactory factory, Class<? extends ServerSocketChannel> serverChannel) {

  static Transport best() {
    if (Epoll.isAvailable()) {
      return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
    }
    return new Transport("nio (epoll unavailable: " + Epoll.unavailabilityCause() + ")",
        NioIoHandler.newFactory(), NioServerSocketChannel.class);
  }

  EventLoopGroup group(int threads) {
    return new MultiThreadIoEventLoopGroup(threads, factory);
  }
}
