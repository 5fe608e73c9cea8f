package dev.sealpost.server.netty;

import dev.sealpost.server.auth.AuthFailureThrottle;
import dev.sealpost.server.auth.AuthOutcome;
import dev.sealpost.server.auth.Authenticator;
import dev.sealpost.server.auth.Credentials;
import dev.sealpost.server.auth.SenderPolicy;
import dev.sealpost.server.auth.UsersFile;
import dev.sealpost.server.config.Limits;
import dev.sealpost.server.config.ListenerConfig;
import dev.sealpost.server.config.ListenerKind;
import dev.sealpost.server.config.ServerConfig;
import dev.sealpost.server.config.TlsSettings;
import dev.sealpost.server.smtp.LocalRecipients;
import dev.sealpost.server.smtp.SessionServices;
import dev.sealpost.server.smtp.SmtpSession;
import dev.sealpost.server.spi.DeliveryTarget;
import dev.sealpost.server.spi.MessageWriter;
import dev.sealpost.server.spool.Envelope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP session over Netty's EmbeddedChannel with in-memory services: conversations read like a
 * transcript and run in microseconds. TLS is not available here (see the socket tests for that).
 */
final class Transcript {

  /** A message the fake delivery target committed. */
  record Stored(Envelope envelope, String content) {}

  final List<Stored> stored = new ArrayList<>();
  final AtomicInteger authAttempts = new AtomicInteger();
  final EmbeddedChannel channel;

  Transcript(ListenerKind kind, Path usersFile) {
    ServerConfig config = new ServerConfig("mx.example.test", usersFile.getParent(), List.of("example.test"),
        usersFile, Optional.of("demo@example.test"), Map.of(),
        new TlsSettings(Path.of("unused.pem"), Path.of("unused.key"), List.of("TLSv1.3"), false),
        new Limits(10_000, 5, Duration.ofMinutes(5), 100, 100, 10),
        List.of(new ListenerConfig(kind.configName(), kind, new InetSocketAddress("127.0.0.1", 0))),
        Duration.ZERO, false, false, dev.sealpost.server.config.OutboundConfig.DEFAULT, Duration.ofSeconds(1), List.of(),
        dev.sealpost.server.config.ServerConfig.InboundConfig.DEFAULT, Optional.empty());
    UsersFile users = UsersFile.load(usersFile);
    Authenticator countingAuth = new Authenticator() {
      @Override
      public CompletableFuture<AuthOutcome> authenticate(Credentials c, InetAddress client) {
        authAttempts.incrementAndGet();
        return CompletableFuture.completedFuture(new AuthOutcome.Failure("test"));
      }
    };
    DeliveryTarget target = envelope -> new MessageWriter() {
      final ByteArrayOutputStream body = new ByteArrayOutputStream();

      @Override
      public void write(byte[] bytes, int offset, int length) {
        body.write(bytes, offset, length);
      }

      @Override
      public CompletableFuture<String> commit() {
        stored.add(new Stored(envelope, body.toString(StandardCharsets.UTF_8)));
        return CompletableFuture.completedFuture(envelope.queueId());
      }

      @Override
      public void abort() {}
    };
    SessionServices services = new SessionServices(config, new LocalRecipients(config.domains(), () -> users,
        config.postmaster()), countingAuth, new AuthFailureThrottle(Clock.systemUTC()), new SenderPolicy(Map.of()),
        target, Clock.systemUTC());
    SmtpSession session = new SmtpSession("test", config.listeners().get(0),
        new InetSocketAddress("192.0.2.7", 40000), services);
    TlsSetup noTls = new TlsSetup(() -> {
      throw new IllegalStateException("no TLS in transcripts");
    }, false, Duration.ofSeconds(1));
    channel = new EmbeddedChannel(new SmtpChannelHandler(session, noTls, GreetingPolicy.IMMEDIATE));
  }

  /** Sends raw bytes and returns everything the server wrote in answer. */
  String send(String raw) {
    channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.UTF_8));
    channel.runPendingTasks();
    return output();
  }

  /** Sends text encoded as ISO-8859-1, as an old client would. */
  String sendLatin1(String raw) {
    channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
    channel.runPendingTasks();
    return output();
  }

  String output() {
    StringBuilder b = new StringBuilder();
    ByteBuf out;
    while ((out = channel.readOutbound()) != null) {
      b.append(out.toString(StandardCharsets.UTF_8));
      out.release();
    }
    return b.toString();
  }
}
