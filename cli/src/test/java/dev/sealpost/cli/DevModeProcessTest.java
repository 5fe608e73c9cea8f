package dev.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sealpost.testing.ExternalCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `sealpost dev` as a user runs it: a separate JVM, the demo.env it writes, independent clients
 * (Python's smtplib, swaks) sending through it, and SIGTERM ending it with exit status 0.
 */
class DevModeProcessTest {

  @TempDir Path dir;
  private Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private Thread reader;

  @AfterEach
  void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void startDev(Path dataDir, int[] ports, String... extra) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
        "dev.sealpost.cli.Main", "dev", "--data-dir", dataDir.toString(),
        "--ports", ports[0] + "," + ports[1] + "," + ports[2]));
    cmd.addAll(List.of(extra));
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    reader = Thread.ofVirtual().start(() -> {
      try (var r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.add(line);
        }
      } catch (IOException ignored) {
        // process ended
      }
    });
    await().atMost(Duration.ofSeconds(60)).until(
        () -> output.stream().anyMatch(l -> l.contains("Sealpost dev server is running")) || !process.isAlive());
    assertThat(process.isAlive()).as(String.join("\n", output)).isTrue();
  }

  /**
   * Postfix as the MX of remote.test on {@code address}:25, as on the internet (port 25 on its own
   * address), with a certificate from a CA Sealpost does not know; skipped where the port is taken
   * outside CI.
   */
  private dev.sealpost.testing.PostfixServer remoteMx(dev.sealpost.testing.FakeDnsServer dns, String address)
      throws IOException {
    dev.sealpost.testing.PostfixServer.assumeAvailable();
    try (ServerSocket probe = new ServerSocket(25, 1, java.net.InetAddress.getByName(address))) {
      // free: Postfix takes it below
    } catch (IOException e) {
      Assumptions.assumeFalse(!"true".equals(System.getenv("CI")), address + ":25 is taken here: " + e.getMessage());
      throw e;
    }
    var ca = dev.sealpost.testing.TestPki.authority("Remote CA");
    var postfix = dev.sealpost.testing.PostfixServer.builder().listen(address, 25).domain("remote.test")
        .hostName("mx.remote.test")
        .certificate(dev.sealpost.testing.TestPki.server(ca, List.of("mx.remote.test"))
            .write(Files.createDirectories(dir.resolve("pf")), "pf"))
        .user("ignored@remote.test", "Unused-pass-1").start();
    dns.mx("remote.test", 10, "mx.remote.test").a("mx.remote.test", address);
    return postfix;
  }

  /** The sealpost command in its own JVM, as a script would run it. */
  private static ExternalCommand.Result sealpost(String stdin, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"), "dev.sealpost.cli.Main"));
    cmd.addAll(List.of(args));
    return ExternalCommand.run(cmd, stdin, Map.of(), 60);
  }

  private static Map<String, String> env(Path demoEnv) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(demoEnv)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  private static long delivered(Path dataDir) throws IOException {
    Path newDir = dataDir.resolve("mail/example.test/demo/Maildir/new");
    if (!Files.isDirectory(newDir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(newDir)) {
      return s.count();
    }
  }

  @Test
  void devModeServesIndependentClientsAndStopsCleanlyOnSigterm() throws Exception {
    Assumptions.assumeTrue(ExternalCommand.available("python3"), "python3 missing: .ci/run installs it");
    Path dataDir = dir.resolve("data");
    int[] ports = {freePort(), freePort(), freePort()};
    startDev(dataDir, ports);

    Path demoEnv = dataDir.resolve("demo.env");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(demoEnv))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("tls/server.key"))))
        .isEqualTo("rw-------");
    Map<String, String> env = env(demoEnv);
    assertThat(env).containsKeys("SEALPOST_USER", "SEALPOST_PASSWORD", "SEALPOST_CA");
    assertThat(env.get("SEALPOST_USER")).isEqualTo("demo@example.test");
    assertThat(output).anyMatch(l -> l.contains("provider=") && l.contains("event=tls-ready"));

    String py = """
        import os, smtplib, ssl, sys
        ctx = ssl.create_default_context(cafile=os.environ["SEALPOST_CA"])
        with smtplib.SMTP_SSL("localhost", int(sys.argv[1]), context=ctx, timeout=20) as s:
            s.login(os.environ["SEALPOST_USER"], os.environ["SEALPOST_PASSWORD"])
            u = os.environ["SEALPOST_USER"]
            s.sendmail(u, [u], "Subject: first over 465\\r\\n\\r\\nhello\\r\\n")
        with smtplib.SMTP("localhost", int(sys.argv[2]), timeout=20) as s:
            s.starttls(context=ctx)
            s.login(os.environ["SEALPOST_USER"], os.environ["SEALPOST_PASSWORD"])
            s.sendmail(u, [u], "Subject: second over 587\\r\\n\\r\\nhello\\r\\n")
        with smtplib.SMTP("localhost", int(sys.argv[3]), timeout=20) as s:
            s.sendmail("someone@remote.test", [u], "Subject: third over 25\\r\\n\\r\\nhello\\r\\n")
            try:
                s.sendmail("someone@remote.test", ["victim@elsewhere.test"], "Subject: relay\\r\\n\\r\\nx\\r\\n")
                print("RELAYED")
            except smtplib.SMTPRecipientsRefused as e:
                print("RELAY-REFUSED", list(e.recipients.values())[0][0])
        """;
    Path script = dir.resolve("send.py");
    Files.writeString(script, py);
    var r = ExternalCommand.run(List.of("python3", script.toString(), String.valueOf(ports[0]),
        String.valueOf(ports[1]), String.valueOf(ports[2])), "", env, 60);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.stdout()).contains("RELAY-REFUSED 554").doesNotContain("RELAYED");
    await().atMost(Duration.ofSeconds(10)).until(() -> delivered(dataDir) == 3);

    if (ExternalCommand.available("swaks")) {
      var s = ExternalCommand.run(List.of("swaks", "--server", "localhost:" + ports[1], "--tls",
          "--tls-verify", "--tls-ca-path", env.get("SEALPOST_CA"), "--auth", "PLAIN",
          "--auth-user", env.get("SEALPOST_USER"), "--auth-password", env.get("SEALPOST_PASSWORD"),
          "--from", env.get("SEALPOST_USER"), "--to", env.get("SEALPOST_USER"), "--h-Subject", "via swaks"),
          "", Map.of(), 60);
      assertThat(s.exitCode()).as(s.output()).isZero();
      await().atMost(Duration.ofSeconds(10)).until(() -> delivered(dataDir) == 4);
    }

    long before = delivered(dataDir);
    // The issue's own check: sealpost send over 465 and 587 with nothing but demo.env.
    var implicit = sealpost("report body over 465\n", "send", "--env-file", demoEnv.toString(),
        "--server", "localhost:" + ports[0], "--to", "demo@example.test", "--subject", "send 465");
    assertThat(implicit.exitCode()).as(implicit.output()).isZero();
    assertThat(implicit.stdout()).contains("sent to 1 of 1", "TLSv1.3", "host=localhost");
    var starttls = sealpost("report body over 587\n", "send", "--env-file", demoEnv.toString(),
        "--server", "localhost:" + ports[1], "--tls", "starttls", "--to", "demo@example.test", "--subject", "send 587",
        "--json");
    assertThat(starttls.exitCode()).as(starttls.output()).isZero();
    assertThat(starttls.stdout()).contains("\"hostNameVerified\" : true", "\"status\" : \"sent\"");
    // And the sendmail entry point, as cron would call it, reading its settings from a file.
    Path pw = dir.resolve("pw");
    Files.writeString(pw, env.get("SEALPOST_PASSWORD") + "\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    Path settings = dir.resolve("sendmail.toml");
    Files.writeString(settings, "server = \"localhost:%d\"\ntls = \"implicit\"\nuser = \"%s\"\npassword-file = \"%s\"\nca = \"%s\"\n"
        .formatted(ports[0], env.get("SEALPOST_USER"), pw, env.get("SEALPOST_CA")));
    var sendmail = sealpost("Subject: cron output\nTo: demo@example.test\n\nall good\n", "sendmail", "--config",
        settings.toString(), "-FCronDaemon", "-i", "-oem", "-t");
    assertThat(sendmail.exitCode()).as(sendmail.output()).isZero();
    assertThat(sendmail.output()).isEmpty(); // silent on success, like sendmail
    await().atMost(Duration.ofSeconds(10)).until(() -> delivered(dataDir) == before + 3);

    process.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of the pipes)
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join(10_000); // the last lines may still be in the pipe
    assertThat(process.exitValue()).as(String.join("\n", output)).isZero();
    assertThat(output).anyMatch(l -> l.contains("event=signal name=SIGTERM"));
    assertThat(output).anyMatch(l -> l.contains("event=stopped"));
    assertThat(output).noneMatch(l -> l.contains(env.get("SEALPOST_PASSWORD")));

    // A second run reuses what exists: same password, same CA.
    String ca = Files.readString(dataDir.resolve("tls/ca.pem"));
    String password = env.get("SEALPOST_PASSWORD");
    output.clear();
    startDev(dataDir, ports);
    assertThat(env(demoEnv).get("SEALPOST_PASSWORD")).isEqualTo(password);
    assertThat(Files.readString(dataDir.resolve("tls/ca.pem"))).isEqualTo(ca);
    process.toHandle().destroy();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
  }

  /**
   * The outbound issue's own check: dev mode pointed at a loopback DNS server sends a message for
   * someone@remote.test to its MX, Postfix on 127.0.0.2 port 25, over TLS (opportunistic: dev mode
   * cannot know the test's CA), and Postfix's Received header says so.
   */
  /**
   * The "done when" of certificate lifecycle: dev mode switched to ACME (an [acme] section added to
   * its configuration) against a local Pebble serves the certificate Pebble issued, as a verifying
   * `openssl s_client` sees it, and `sealpost cert renew` replaces it while the server runs.
   */
  @Test
  void devModeSwitchedToAcmeServesTheIssuedCertificate() throws Exception {
    dev.sealpost.testing.PebbleServer.assumeAvailable();
    int http = freePort();
    try (var dns = dev.sealpost.testing.FakeDnsServer.start().a("mail.example.test", "127.0.0.1");
         var pebble = dev.sealpost.testing.PebbleServer.start(dir.resolve("pebble"), dns, http, freePort(),
             Duration.ofDays(90))) {
      Path dataDir = dir.resolve("data");
      DevSetup.prepare(dataDir);
      Files.writeString(dataDir.resolve("sealpost.toml"), Files.readString(dataDir.resolve("sealpost.toml"))
          + """

          [acme]
          directory = "%s"
          agree-to-terms = true
          names = ["mail.example.test"]
          http-listen = "127.0.0.1:%d"
          ca-bundle = "%s"
          """.formatted(pebble.directory(), http, pebble.httpsCa()));
      Path root = Files.writeString(dir.resolve("pebble-root.pem"), pebble.rootCertificate());
      int[] ports = {freePort(), freePort(), freePort()};
      startDev(dataDir, ports);
      List<String> sClient = List.of("openssl", "s_client", "-connect", "127.0.0.1:" + ports[0], "-servername",
          "mail.example.test", "-CAfile", root.toString(), "-verify_hostname", "mail.example.test",
          "-verify_return_error");
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> ExternalCommand.run(sClient, "", Map.of(), 30).output()
            .contains("Verify return code: 0 (ok)"));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("no verified certificate; server output:\n" + String.join("\n", output)
            + "\npebble:\n" + pebble.log(), e);
      }
      String first = ExternalCommand.run(sClient, "", Map.of(), 30).output();
      assertThat(first).contains("i:CN = Pebble Intermediate CA");
      assertThat(Cli.run("cert", "renew", "--data-dir", dataDir.toString()))
          .startsWith("0|certificate issued and in use, expires ");
      String second = ExternalCommand.run(sClient, "", Map.of(), 30).output();
      assertThat(second).contains("Verify return code: 0 (ok)");
      assertThat(serverCertificate(second)).isNotEqualTo(serverCertificate(first));
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static String serverCertificate(String sClientOutput) {
    int start = sClientOutput.indexOf("-----BEGIN CERTIFICATE-----");
    return sClientOutput.substring(start, sClientOutput.indexOf("-----END CERTIFICATE-----", start));
  }

  @Test
  void devModeDeliversToTheRemoteMxOverTls() throws Exception {
    try (var dns = dev.sealpost.testing.FakeDnsServer.start(); var postfix = remoteMx(dns, "127.0.0.2")) {
      Path dataDir = dir.resolve("data");
      int[] ports = {freePort(), freePort(), freePort()};
      startDev(dataDir, ports, "--dns", dns.address());
      var sent = sealpost("to the world\n", "send", "--env-file", dataDir.resolve("demo.env").toString(),
          "--server", "localhost:" + ports[0], "--to", "someone@remote.test", "--subject", "from dev mode");
      assertThat(sent.exitCode()).as(sent.output()).isZero();
      String delivered = Files.readString(postfix.awaitDeliveryTo("someone@remote.test", Duration.ofSeconds(30)));
      assertThat(delivered).contains("Subject: from dev mode").contains("to the world")
          .containsPattern("Received: from localhost \\(\\S+ \\[127\\.0\\.0\\.1\\]\\)\\s+\\(using TLSv1\\.[23] with cipher");
      // Signed on the way out with the dev key (d=example.test, s=dev), and dkimpy — a verifier we did not
      // write — passes it as Postfix stored it, with the record dev mode wrote for publishing.
      assertThat(delivered).contains("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test; s=dev;");
      Path record = dataDir.resolve("dns/dev._domainkey.example.test.txt");
      assertThat(Files.readString(record)).startsWith("v=DKIM1; k=rsa; p=");
      if (ExternalCommand.run(List.of("/usr/bin/python3", "-c", "import dkim"), "", Map.of(), 30).exitCode() == 0) {
        var verified = ExternalCommand.run(List.of("/usr/bin/python3", "-c", """
            import sys, dkim
            msg = open(sys.argv[1], 'rb').read().replace(b'\\r\\n', b'\\n').replace(b'\\n', b'\\r\\n')
            rec = open(sys.argv[2], 'rb').read().strip()
            print(dkim.verify(msg, dnsfunc=lambda name, timeout=5: rec))
            """, postfix.awaitDeliveryTo("someone@remote.test", Duration.ofSeconds(1)).toString(), record.toString()),
            "", Map.of(), 60);
        assertThat(verified.stdout().strip()).as(verified.output()).isEqualTo("True");
      } else {
        assertThat(System.getenv("CI")).as("python3-dkim is installed by .ci/run").isNotEqualTo("true");
      }
      // The log line may trail Postfix's delivery by a moment (it is read from the process's output).
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output).anyMatch(l ->
          l.contains("event=relayed") && l.contains("someone@remote.test") && l.contains("policy=may")
              && l.contains("TLSv1.")));
    }
  }

  /**
   * A crash (SIGKILL) in the middle of outbound delivery: every message that got its 250 before the
   * crash reaches the remote MX after a restart. Some may arrive twice (a message handed over whose
   * state was not yet saved is sent again: at-least-once, as RFC 5321 §6.1 accepts); none is lost.
   */
  @Test
  void aCrashDuringOutboundDeliveryLosesNoAcknowledgedMessage() throws Exception {
    try (var dns = dev.sealpost.testing.FakeDnsServer.start(); var postfix = remoteMx(dns, "127.0.0.3")) {
      Path dataDir = dir.resolve("data");
      int[] ports = {freePort(), freePort(), freePort()};
      startDev(dataDir, ports, "--dns", dns.address());
      Map<String, String> env = env(dataDir.resolve("demo.env"));

      // Submit without pause until the crash; only what got a 250 counts.
      List<String> acknowledged = new CopyOnWriteArrayList<>();
      var stop = new java.util.concurrent.atomic.AtomicBoolean();
      var next = new java.util.concurrent.atomic.AtomicInteger();
      var client = dev.sealpost.client.SmtpClient.builder().host("localhost").port(ports[0])
          .tls(dev.sealpost.client.TlsOptions.builder().trustPem(Path.of(env.get("SEALPOST_CA"))).build())
          .credentials(dev.sealpost.client.Credentials.password(env.get("SEALPOST_USER"), env.get("SEALPOST_PASSWORD")))
          .build();
      List<Thread> submitters = new ArrayList<>();
      for (int t = 0; t < 4; t++) { // faster than one relay can drain, so that a queue builds up
        submitters.add(Thread.ofVirtual().start(() -> {
          while (!stop.get()) {
            String subject = "crash-" + next.getAndIncrement();
            byte[] message = ("From: " + env.get("SEALPOST_USER") + "\r\nSubject: " + subject + "\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII);
            try {
              client.send(new dev.sealpost.client.Mail(dev.sealpost.client.Envelope.builder()
                  .from(env.get("SEALPOST_USER")).to("someone@remote.test").build(),
                  dev.sealpost.client.Content.of(message)));
              acknowledged.add(subject);
            } catch (dev.sealpost.client.SmtpClientException e) {
              return; // the server is gone
            }
          }
        }));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> postfix.deliveredMessages().size() >= 100);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no drain
      stop.set(true);
      for (Thread t : submitters) {
        t.join(Duration.ofSeconds(30));
      }
      client.close();
      int deliveredAtCrash = postfix.deliveredMessages().size();
      assertThat(acknowledged.size()).as("messages still queued at the crash").isGreaterThan(deliveredAtCrash);

      startDev(dataDir, ports, "--dns", dns.address());
      await().atMost(Duration.ofSeconds(120)).until(() -> subjects(postfix).containsAll(acknowledged));
      List<String> all = subjectList(postfix);
      long duplicates = all.size() - new java.util.HashSet<>(all).size();
      System.out.printf("crash test: %d acknowledged, %d delivered at the crash, %d duplicates after restart%n",
          acknowledged.size(), deliveredAtCrash, duplicates);
      assertThat(duplicates).as("at most the connections in flight at the crash").isLessThanOrEqualTo(20);
    }
  }

  private static java.util.Set<String> subjects(dev.sealpost.testing.PostfixServer postfix) throws IOException {
    return new java.util.HashSet<>(subjectList(postfix));
  }

  private static List<String> subjectList(dev.sealpost.testing.PostfixServer postfix) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path f : postfix.deliveredMessages()) {
      try {
        Files.readAllLines(f).stream().filter(l -> l.startsWith("Subject: ")).findFirst()
            .ifPresent(l -> out.add(l.substring("Subject: ".length())));
      } catch (java.nio.file.NoSuchFileException e) {
        // moved from new/ to cur/ while listed: read on the next round
      }
    }
    return out;
  }
}
