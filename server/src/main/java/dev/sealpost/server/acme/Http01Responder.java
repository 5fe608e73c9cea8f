package dev.sealpost.server.acme;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP-01 responder (RFC 8555 §8.3): answers {@code GET /.well-known/acme-challenge/TOKEN} with the
 * key authorization of a published challenge, everything else with 404. Requests are small and bounded
 * (8 KiB of request line and headers), each connection answered once and closed.
 */
final class Http01Responder implements ChallengeResponder {
  private static final Logger LOG = LoggerFactory.getLogger(Http01Responder.class);
  static final String PREFIX = "/.well-known/acme-challenge/";

  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final ResponderListener listener;

  private Http01Responder(InetSocketAddress listen) {
    listener = new ResponderListener(listen, "ACME HTTP-01", new ChannelInitializer<SocketChannel>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(new ReadTimeoutHandler(10), new HttpServerCodec(4096, 8192, 8192),
            new Answer());
      }
    });
    LOG.info("event=acme-http01-listening address={}", listener.address());
  }

  static Http01Responder start(InetSocketAddress listen) {
    return new Http01Responder(listen);
  }

  /** The bound address (the port when 0 was asked for). */
  InetSocketAddress address() {
    return listener.address();
  }

  @Override
  public String type() {
    return Http01Challenge.TYPE;
  }

  @Override
  public void publish(String name, Challenge challenge) {
    Http01Challenge http = (Http01Challenge) challenge;
    answer(http.getToken(), http.getAuthorization());
  }

  /** Answers {@code token} with {@code keyAuthorization} (RFC 8555 §8.1). */
  void answer(String token, String keyAuthorization) {
    answers.put(token, keyAuthorization);
  }

  @Override
  public void withdraw(String name, Challenge challenge) {
    answers.remove(((Http01Challenge) challenge).getToken());
  }

  /** The published answers by token (tests). */
  Map<String, String> answers() {
    return answers;
  }

  /** The answer for a request path, if it asks for a published token. */
  String answer(String path) {
    if (!path.startsWith(PREFIX)) {
      return null;
    }
    return answers.get(path.substring(PREFIX.length()));
  }

  @Override
  public void close() {
    listener.close();
  }

  private final class Answer extends SimpleChannelInboundHandler<Object> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof HttpRequest request)) {
        return; // the (empty) body of a GET
      }
      String body = request.decoderResult().isSuccess()
          && (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD))
          ? answer(request.uri()) : null;
      FullHttpResponse response = body == null
          ? new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
              Unpooled.copiedBuffer("not found\n", StandardCharsets.US_ASCII))
          : new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
              Unpooled.copiedBuffer(body, StandardCharsets.US_ASCII));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, body == null ? "text/plain" : "application/octet-stream")
          .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
          .set(HttpHeaderNames.CONNECTION, "close");
      LOG.info("event=acme-http01-request path=\"{}\" peer={} answered={}", request.uri().replaceAll("[^\\x21-\\x7e]", "?"),
          ctx.channel().remoteAddress(), body != null);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
