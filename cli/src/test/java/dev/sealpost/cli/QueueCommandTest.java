package dev.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sealpost.server.TestServer;
import dev.sealpost.server.outbound.DeliveryState;
import dev.sealpost.testing.SmtpConversation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sealpost queue} against a running server (through its control socket) and a stopped one
 * (on the files). Remote delivery fails for a while here (DNS points at a port where nothing
 * answers), so messages wait in the queue.
 */
class QueueCommandTest {

  @TempDir Path dir;

  private static String run(String... args) {
    return Cli.run(args);
  }

  private String queue(String... args) {
    String[] all = Stream.concat(Stream.of("queue"), Stream.concat(Stream.of(args),
        Stream.of("--data-dir", dir.toString()))).toArray(String[]::new);
    return run(all);
  }

  private static void submit(TestServer server, String rcpt, String subject) {
    try (SmtpConversation c = server.authenticatedSubmission()) {
      assertThat(c.command("MAIL FROM:<" + TestServer.USER + ">").code()).isEqualTo(250);
      assertThat(c.command("RCPT TO:<" + rcpt + ">").code()).isEqualTo(250);
      assertThat(c.command("DATA").code()).isEqualTo(354);
      c.sendRaw("From: " + TestServer.USER + "\r\nSubject: " + subject + "\r\n\r\nbody-text\r\n.\r\n");
      assertThat(c.read().code()).isEqualTo(250);
    }
  }

  private int attempts(String id) {
    return DeliveryState.read(dir.resolve("spool"), id).map(DeliveryState::attempts).orElse(0);
  }

  private List<String> ids() throws Exception {
    try (Stream<Path> s = Stream.concat(Files.list(dir.resolve("spool/outbound")), Files.list(dir.resolve("spool/hold")))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void holdRetryReleaseShowAndDeleteOnARunningAndOnAStoppedServer() throws Exception {
    String held;
    String other;
    try (TestServer server = TestServer.start(dir)) {
      submit(server, "first@remote.test", "first waiting");
      submit(server, "second@remote.test", "second waiting");
      await().atMost(Duration.ofSeconds(20)).until(() -> ids().size() == 2 && ids().stream().allMatch(i -> attempts(i) == 1));
      held = ids().get(0);
      other = ids().get(1);

      assertThat(queue("list")).startsWith("0|").contains(held).contains("outbound").contains("last error: 4.4.3");
      assertThat(queue("hold", held)).isEqualTo("0|" + held + " held\n");
      assertThat(queue("list")).containsPattern(held + "\\s+held");
      assertThat(queue("retry")).isEqualTo("0|1 message(s) being tried now\n");
      await().atMost(Duration.ofSeconds(20)).until(() -> attempts(other) == 2);
      assertThat(attempts(held)).as("a held message is not tried").isEqualTo(1);

      String shown = queue("show", held);
      assertThat(shown).startsWith("0|").contains("(held)").containsPattern("recipient: <(first|second)@remote.test> pending")
          .contains("Subject: ").doesNotContain("body-text");
      assertThat(queue("show", held, "--json")).contains("\"state\" : \"held\"").contains("\"attempts\" : 1");

      assertThat(queue("release", held)).isEqualTo("0|" + held + " released, trying now\n");
      await().atMost(Duration.ofSeconds(20)).until(() -> attempts(held) == 2);
      assertThat(queue("release", held)).startsWith("2|sealpost: " + held + " is not on hold");
      assertThat(queue("delete", other)).isEqualTo("0|" + other + " deleted\n");
      assertThat(queue("list")).doesNotContain(other);
      assertThat(queue("show", "../../etc/passwd")).startsWith("2|sealpost: '../../etc/passwd' is not a queue id");
      assertThat(queue("hold", other)).startsWith("2|sealpost: " + other + " is not in the queue");
    }

    // Stopped: the same commands on the files, under the data directory's lock.
    assertThat(dir.resolve("control.sock")).doesNotExist();
    assertThat(queue("hold", held)).isEqualTo("0|" + held + " held (server not running)\n");
    assertThat(queue("retry", held)).startsWith("2|sealpost: " + held + " is not waiting for remote delivery");
    assertThat(queue("release", held)).isEqualTo("0|" + held + " released, tried at the next start (server not running)\n");
    assertThat(DeliveryState.read(dir.resolve("spool"), held).orElseThrow().nextAttempt()).isBeforeOrEqualTo(Instant.now());
    try (TestServer server = TestServer.start(dir)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> attempts(held) == 3); // tried at once after the start
      assertThat(queue("delete", held)).isEqualTo("0|" + held + " deleted\n");
      assertThat(queue("list")).contains("queue is empty");
    }
  }

  @Test
  void tlsHistoryShowAndForgetThroughTheServerAndOnTheFile() throws Exception {
    try (var history = dev.sealpost.server.outbound.TlsHistory.open(dir.resolve("tls-history.json"),
        dev.sealpost.server.config.OutboundConfig.DEFAULT, java.time.Clock.systemUTC())) {
      history.verifiedTlsSeen("mx.remote.test", Instant.now(), "TLSv1.3", "ab".repeat(32));
      history.verifiedTlsSeen("mx.other.test", Instant.now(), "TLSv1.2", "cd".repeat(32));
    }
    assertThat(run("tls-history", "show", "mx.remote.test", "--data-dir", dir.toString()))
        .startsWith("0|mx.remote.test: verified TLSv1.3 last seen ");
    try (TestServer server = TestServer.start(dir)) {
      assertThat(run("tls-history", "forget", "mx.remote.test", "--data-dir", dir.toString()))
          .startsWith("0|mx.remote.test forgotten: its mail goes as its policy allows");
      assertThat(run("tls-history", "forget", "mx.remote.test", "--data-dir", dir.toString()))
          .startsWith("2|sealpost: mx.remote.test is not remembered");
    }
    assertThat(run("tls-history", "show", "mx.remote.test", "--data-dir", dir.toString()))
        .startsWith("1|mx.remote.test: not remembered");
    assertThat(run("tls-history", "forget", "mx.other.test", "--data-dir", dir.toString()))
        .isEqualTo("0|mx.other.test forgotten (server not running)\n");
    assertThat(run("tls-history", "forget", "bad host;", "--data-dir", dir.toString()))
        .startsWith("2|sealpost: 'bad host;' is not a host name");
  }

  @Test
  void reloadAsksTheRunningServerAndSaysWhenNoneRuns() throws Exception {
    assertThat(run("reload", "--data-dir", dir.toString())).startsWith("2|sealpost: no server is running");
    try (TestServer server = TestServer.start(dir)) {
      assertThat(run("reload", "--data-dir", dir.toString())).startsWith("0|certificate unchanged, expires ");
    }
  }

  @Test
  void metricsPrintsPrometheusTextAndCertRenewNeedsAcme() throws Exception {
    assertThat(run("metrics", "--data-dir", dir.toString())).startsWith("2|sealpost: no server is running");
    try (TestServer server = TestServer.start(dir)) {
      String metrics = run("metrics", "--data-dir", dir.toString());
      assertThat(metrics).startsWith("0|# sealpost metrics\n# HELP sealpost_tls_certificate_days_left ")
          .contains("# TYPE sealpost_tls_certificate_days_left gauge\n")
          .containsPattern("sealpost_tls_certificate_days_left\\{file=\"[^\"]+server.pem\",subject=\"[^\"]*\","
              + "key=\"EC\"\\} \\d+\\.\\d{3}\n")
          .doesNotContain("sealpost_acme_failures");
      // every line a comment or "name{labels} value", as Prometheus reads it
      for (String line : metrics.substring(2).strip().split("\n")) {
        assertThat(line).matches("# .*|[a-z_]+(\\{[^}]*\\})? -?[0-9.]+");
      }
      assertThat(run("cert", "renew", "--data-dir", dir.toString()))
          .isEqualTo("1|ACME is not configured ([acme] in the configuration)\n");
    }
  }
}
