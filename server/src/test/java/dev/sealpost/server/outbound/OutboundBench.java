package dev.sealpost.server.outbound;

import dev.sealpost.client.Content;
import dev.sealpost.client.Credentials;
import dev.sealpost.client.Envelope;
import dev.sealpost.client.Mail;
import dev.sealpost.client.PoolSettings;
import dev.sealpost.client.SmtpClient;
import dev.sealpost.client.TlsOptions;
import dev.sealpost.server.TestServer;
import dev.sealpost.testing.FakeDnsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Outbound relay throughput, not a test: N messages submitted over implicit TLS + AUTH to one Sealpost
 * (the sender), relayed by MX under {@code verify} to a second Sealpost (the receiver, port 25 with
 * STARTTLS, Maildir delivery), both with an fsync before every 250. Prints the submission rate and the
 * relay rate (first submission to last message in the receiver's Maildir). Both servers and the client
 * share the machine's cores. Run from server/:
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
 *     -cp target/classes:target/test-classes:$(cat cp.txt) dev.sealpost.server.outbound.OutboundBench \
 *     [dir=/tmp/outbound-bench] [messages=2000] [concurrency=16] [connections-per-destination=4]
 * </pre>
 */
public final class OutboundBench {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/outbound-bench");
    int messages = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int perDestination = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    if (Files.exists(dir)) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    byte[] body = ("Subject: bench\r\nFrom: " + TestServer.USER + "\r\n\r\n" + ("x".repeat(76) + "\r\n").repeat(26))
        .getBytes(StandardCharsets.US_ASCII);
    try (FakeDnsServer dns = FakeDnsServer.start(); TestServer receiver = TestServer.start(dir.resolve("r"))) {
      dns.mx("example.test", 10, "localhost").a("localhost", "127.0.0.1");
      String toml = """
          [outbound]
          dns = ["%s"]
          mx-port = %d
          tls = "verify"
          trusted-cas = ["%s"]
          connections-per-destination = %d
          """.formatted(dns.address(), receiver.smtp().getPort(), receiver.caFile(), perDestination);
      try (TestServer sender = TestServer.start(dir.resolve("s"), List.of("sender.test"), toml);
          SmtpClient client = SmtpClient.builder().host("localhost").address(sender.submissions().getAddress())
              .port(sender.submissions().getPort())
              .tls(TlsOptions.builder().trustPem(sender.caFile()).build())
              .credentials(Credentials.password(TestServer.USER, TestServer.PASSWORD))
              .pool(new PoolSettings(concurrency, Duration.ofSeconds(30), Duration.ofSeconds(5), 1000)).build()) {
        // Warm up: a few messages end to end, then count from zero.
        run(client, body, 50, concurrency);
        awaitDelivered(receiver, 50);
        long t0 = System.nanoTime();
        run(client, body, messages, concurrency);
        long submitted = System.nanoTime();
        awaitDelivered(receiver, 50 + messages);
        long relayed = System.nanoTime();
        System.out.printf(Locale.ROOT, "messages=%d concurrency=%d per-destination=%d submit=%.0f msg/s relay(end-to-end)=%.0f msg/s"
            + " total=%.2f s%n", messages, concurrency, perDestination, messages / ((submitted - t0) / 1e9),
            messages / ((relayed - t0) / 1e9), (relayed - t0) / 1e9);
      }
    }
  }

  private static void run(SmtpClient client, byte[] body, int n, int concurrency) throws Exception {
    Semaphore inFlight = new Semaphore(concurrency);
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inFlight.acquire();
      Mail mail = new Mail(Envelope.builder().from(TestServer.USER).to(TestServer.OTHER).build(), Content.of(body));
      all.add(client.sendAsync(mail).whenComplete((r, e) -> {
        inFlight.release();
        if (e != null) {
          System.err.println("submission failed: " + e);
        }
      }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }

  private static void awaitDelivered(TestServer receiver, int n) throws InterruptedException {
    Path newDir = receiver.dataDir().resolve("mail/example.test/other/Maildir/new");
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (count(newDir) < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + count(newDir) + " of " + n + " arrived");
      }
      Thread.sleep(5);
    }
  }

  private static long count(Path dir) {
    try (var s = Files.list(dir)) {
      return s.count();
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
