package dev.sealpost.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Many messages per connection (RSET between them), the pool, health checks, async sends and timeouts. */
class ReuseAndPoolTest {

  /** A server that accepts any number of transactions per connection, RSET and NOOP included. */
  private static ScriptedServer relay(List<String> commands) {
    return ScriptedServer.start(p -> {
      p.greetAndEhlo("PIPELINING");
      while (true) {
        String line = p.readLine();
        commands.add(p.index + ":" + line);
        if (line.startsWith("DATA")) {
          p.reply("354 go");
          p.readData();
          p.reply("250 2.0.0 queued");
        } else if (line.equals("QUIT")) {
          p.reply("221 bye");
          return;
        } else if (line.startsWith("RCPT TO:<bad")) {
          p.reply("550 5.1.1 unknown");
        } else {
          p.reply("250 ok");
        }
      }
    });
  }

  @Test
  void sessionCarriesManyMessagesWithRsetBetween() {
    List<String> commands = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = relay(commands);
        SmtpClient client = TestClients.builder(server, Security.insecureCleartext()).build();
        SmtpSession session = client.openSession()) {
      session.send(TestClients.mail("a@example.test"));
      assertThatThrownBy(() -> session.send(TestClients.mail("bad@example.test")))
          .isInstanceOf(RecipientsRejectedException.class);
      assertThat(session.isOpen()).isTrue();
      session.send(TestClients.mail("c@example.test"));
      assertThat(commands).containsExactly(
          "0:MAIL FROM:<sender@example.test>", "0:RCPT TO:<a@example.test>", "0:DATA",
          "0:RSET", "0:MAIL FROM:<sender@example.test>", "0:RCPT TO:<bad@example.test>", "0:DATA",
          "0:RSET", "0:MAIL FROM:<sender@example.test>", "0:RCPT TO:<c@example.test>", "0:DATA");
    }
  }

  @Test
  void poolReusesAnIdleConnection() {
    List<String> commands = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = relay(commands);
        SmtpClient client = TestClients.builder(server, Security.insecureCleartext()).build()) {
      client.send(TestClients.mail());
      client.send(TestClients.mail());
      assertThat(server.connectionsAccepted()).isEqualTo(1);
      assertThat(client.idleConnections(client.destination().orElseThrow())).isEqualTo(1);
      assertThat(commands).contains("0:RSET");
    }
  }

  @Test
  void idleConnectionIsCheckedWithNoopAndEvictedAfterMaxIdle() throws Exception {
    List<String> commands = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = relay(commands); SmtpClient client = TestClients.builder(server,
        Security.insecureCleartext()).pool(new PoolSettings(2, Duration.ofMillis(600), Duration.ofMillis(100), 10))
        .build()) {
      client.send(TestClients.mail());
      Thread.sleep(200); // past checkAfterIdle, before maxIdle
      client.send(TestClients.mail());
      assertThat(commands).contains("0:NOOP");
      assertThat(server.connectionsAccepted()).isEqualTo(1);
      Thread.sleep(800); // past maxIdle: the next send opens a new connection
      client.send(TestClients.mail());
      assertThat(server.connectionsAccepted()).isEqualTo(2);
      assertThat(commands).contains("0:QUIT");
    }
  }

  @Test
  void brokenConnectionIsDiscarded() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo();
      p.expect("MAIL FROM:");
      p.reply("250 ok");
      p.expect("RCPT TO:");
      p.reply("250 ok");
      p.expect("DATA");
      p.reply("354 go");
      p.readData();
      p.reply("250 queued");
      if (p.index == 0) {
        throw new java.io.IOException("server hangs up"); // closes the first connection
      }
      p.expect("QUIT");
      p.reply("221 bye");
    }); SmtpClient client = TestClients.builder(server, Security.insecureCleartext())
        .pool(new PoolSettings(2, Duration.ofSeconds(30), Duration.ofMillis(50), 10)).build()) {
      client.send(TestClients.mail());
      await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionsFinished() == 1);
      Thread.sleep(100);
      client.send(TestClients.mail()); // NOOP finds the dead connection; a new one is opened
      assertThat(server.connectionsAccepted()).isEqualTo(2);
    }
  }

  @Test
  void asyncSendsRunConcurrentlyWithinThePoolBound() {
    List<String> commands = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = relay(commands); SmtpClient client = TestClients.builder(server,
        Security.insecureCleartext()).pool(new PoolSettings(3, Duration.ofSeconds(30), Duration.ofSeconds(5), 100))
        .build()) {
      List<CompletableFuture<SendResult>> futures = java.util.stream.IntStream.range(0, 12)
          .mapToObj(i -> client.sendAsync(TestClients.mail("r" + i + "@example.test"))).toList();
      futures.forEach(f -> assertThat(f.join().accepted()).hasSize(1));
      assertThat(server.connectionsAccepted()).isBetween(1, 3);
      assertThat(commands.stream().filter(c -> c.contains("RCPT TO:")).count()).isEqualTo(12);
    }
  }

  @Test
  void serverThatNeverAnswersIsATimeout() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo();
      p.expect("MAIL FROM:");
      p.silence(5000);
    }); SmtpClient client = TestClients.builder(server, Security.insecureCleartext())
        .timeouts(Timeouts.all(java.time.Duration.ofSeconds(10)).withCommand(Duration.ofMillis(300))).build()) {
      assertThatThrownBy(() -> client.send(TestClients.mail()))
          .isInstanceOfSatisfying(SmtpTimeoutException.class, e -> {
            assertThat(e.phase()).isEqualTo("reply to MAIL FROM");
            assertThat(e.isTransient()).isTrue();
          });
    }
  }

  @Test
  void silentGreetingIsATimeoutToo() {
    try (ScriptedServer server = ScriptedServer.start(p -> p.silence(5000));
        SmtpClient client = TestClients.builder(server, Security.insecureCleartext())
            .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5))).build()) {
      assertThatThrownBy(() -> client.sendAsync(TestClients.mail()).join())
          .isInstanceOf(CompletionException.class).cause()
          .isInstanceOfSatisfying(SmtpTimeoutException.class, e -> assertThat(e.phase()).isEqualTo("greeting"));
    }
  }
}
