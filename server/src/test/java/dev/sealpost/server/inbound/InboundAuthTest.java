package dev.sealpost.server.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sealpost.mailauth.dkim.Algorithm;
import dev.sealpost.mailauth.dkim.DkimKeys;
import dev.sealpost.mailauth.dkim.DkimSigner;
import dev.sealpost.server.TestServer;
import dev.sealpost.testing.FakeDnsServer;
import dev.sealpost.testing.SmtpConversation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail from other servers on port 25, checked for SPF, DKIM and DMARC against records on a loopback DNS
 * server: the Authentication-Results field, a DMARC reject answered 550 after DATA, quarantine into Junk,
 * and forged fields claiming our authserv-id removed.
 */
class InboundAuthTest {

  @TempDir Path dir;

  private static String receive(TestServer server, String mailFrom, String message) {
    try (SmtpConversation c = SmtpConversation.plain(server.smtp())) {
      c.read();
      c.command("EHLO mail.sender.test");
      assertThat(c.command("MAIL FROM:<" + mailFrom + ">").code()).isEqualTo(250);
      assertThat(c.command("RCPT TO:<" + TestServer.USER + ">").code()).isEqualTo(250);
      assertThat(c.command("DATA").code()).isEqualTo(354);
      c.sendRaw(message + ".\r\n");
      return c.read().toString();
    }
  }

  private static String message(String from, String subject) {
    return "From: " + from + "\r\nTo: " + TestServer.USER + "\r\nSubject: " + subject
        + "\r\nAuthentication-Results: mx.example.test; spf=pass smtp.mailfrom=forged.test; dmarc=pass\r\n"
        + "Authentication-Results: other.example; dkim=pass\r\n\r\nhello\r\n";
  }

  private String inbox(TestServer server, String folder) throws Exception {
    Path newDir = server.dataDir().resolve("mail/example.test/demo/Maildir").resolve(folder).resolve("new");
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.isDirectory(newDir) && count(newDir) == 1);
    try (Stream<Path> s = Files.list(newDir)) {
      return Files.readString(s.findFirst().orElseThrow());
    }
  }

  private static long count(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }

  @Test
  void spfAndDkimAlignedPassDmarcAndTheForgedFieldIsRemoved() throws Exception {
    try (FakeDnsServer dns = FakeDnsServer.start()) {
      KeyPair key = DkimKeys.generate(Algorithm.ED25519_SHA256, 0);
      dns.txt("sender.test", "v=spf1 ip4:127.0.0.1 -all").txt("_dmarc.sender.test", "v=DMARC1; p=reject")
          .txt("s1._domainkey.sender.test", DkimKeys.dnsRecord(Algorithm.ED25519_SHA256, key.getPublic()));
      String plain = message("alice@sender.test", "signed and allowed");
      String signed = String.join("", new DkimSigner(List.of(new DkimSigner.Key("sender.test", "s1", key.getPrivate())),
          Clock.systemUTC()).sign(plain.getBytes(StandardCharsets.UTF_8))) + plain;
      try (TestServer server = TestServer.start(dir, "[outbound]\ndns = [\"" + dns.address() + "\"]\n")) {
        assertThat(receive(server, "alice@sender.test", signed)).startsWith("250");
        String stored = inbox(server, "");
        assertThat(stored).startsWith("Authentication-Results: mx.example.test;\r\n\tspf=pass smtp.mailfrom=sender.test;")
            .contains("dkim=pass header.d=sender.test header.s=s1 header.a=ed25519-sha256")
            .contains("dmarc=pass policy.dmarc=reject header.from=sender.test")
            .doesNotContain("smtp.mailfrom=forged.test") // claimed our authserv-id: removed
            .contains("Authentication-Results: other.example; dkim=pass"); // someone else's: kept
      }
    }
  }

  @Test
  void dmarcRejectIsA550AfterDataAndNothingIsDelivered() throws Exception {
    try (FakeDnsServer dns = FakeDnsServer.start()) {
      dns.txt("sender.test", "v=spf1 ip4:192.0.2.1 -all").txt("_dmarc.sender.test", "v=DMARC1; p=reject");
      try (TestServer server = TestServer.start(dir, "[outbound]\ndns = [\"" + dns.address() + "\"]\n")) {
        String reply = receive(server, "ceo@sender.test", message("CEO <ceo@sender.test>", "wire the money"));
        assertThat(reply).startsWith("550 5.7.1").contains("DMARC policy of sender.test");
        Thread.sleep(300);
        assertThat(server.delivered(TestServer.USER)).isEmpty();
        try (Stream<Path> s = Files.list(server.dataDir().resolve("spool/incoming"))) {
          assertThat(s.toList()).isEmpty();
        }
      }
    }
  }

  @Test
  void quarantineGoesToJunkAndEnforcementCanBeTurnedOff() throws Exception {
    try (FakeDnsServer dns = FakeDnsServer.start()) {
      dns.txt("sender.test", "v=spf1 -all").txt("_dmarc.sender.test", "v=DMARC1; p=quarantine")
          .txt("_dmarc.strict.test", "v=DMARC1; p=reject");
      try (TestServer server = TestServer.start(dir.resolve("a"), "[outbound]\ndns = [\"" + dns.address() + "\"]\n")) {
        assertThat(receive(server, "bob@sender.test", message("bob@sender.test", "maybe spam"))).startsWith("250");
        assertThat(inbox(server, ".Junk")).contains("dmarc=fail policy.dmarc=quarantine header.from=sender.test")
            .contains("spf=fail smtp.mailfrom=sender.test");
      }
      try (TestServer server = TestServer.start(dir.resolve("b"), "[inbound]\ndmarc-enforce = false\n[outbound]\n"
          + "dns = [\"" + dns.address() + "\"]\n")) {
        assertThat(receive(server, "x@strict.test", message("x@strict.test", "recorded only"))).startsWith("250");
        assertThat(inbox(server, "")).contains("dmarc=fail policy.dmarc=reject header.from=strict.test");
      }
    }
  }

  @Test
  void aSilentDnsServerDelaysOneReplyBoundedlyAndStallsNoOtherSession() throws Exception {
    try (FakeDnsServer dns = FakeDnsServer.start()) {
      dns.drop("slow.test");
      try (TestServer server = TestServer.start(dir, "[inbound]\ntimeout-seconds = 1\n[outbound]\ndns = [\""
          + dns.address() + "\"]\n")) {
        var first = java.util.concurrent.CompletableFuture.supplyAsync(
            () -> receive(server, "a@slow.test", message("a@slow.test", "waits for DNS")));
        Thread.sleep(200); // the first session is now waiting on the silent DNS server
        try (SmtpConversation other = SmtpConversation.plain(server.smtp())) {
          assertThat(other.read().code()).isEqualTo(220);
          assertThat(other.command("EHLO second.test").code()).isEqualTo(250);
        }
        assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS)).startsWith("250");
        assertThat(inbox(server, "")).startsWith("Authentication-Results: mx.example.test; none (checks timed out)");
      }
    }
  }

  @Test
  void aMessageWithTwoFromFieldsIsRefused() throws Exception {
    try (FakeDnsServer dns = FakeDnsServer.start()) {
      dns.txt("sender.test", "v=spf1 ip4:127.0.0.1 -all");
      try (TestServer server = TestServer.start(dir, "[outbound]\ndns = [\"" + dns.address() + "\"]\n")) {
        String twoFroms = "From: alice@sender.test\r\nFrom: ceo@bank.example\r\nSubject: x\r\n\r\nhi\r\n";
        assertThat(receive(server, "alice@sender.test", twoFroms)).startsWith("550 5.7.1").contains("more than one From");
        String commentTrick = "From: ceo@bank.example (<alice@sender.test>)\r\nSubject: x\r\n\r\nhi\r\n";
        // the author is bank.example (no DMARC record here), never sender.test: accepted, but not as sender.test
        assertThat(receive(server, "alice@sender.test", commentTrick)).startsWith("250");
        String group = "From: undisclosed-recipients:;\r\nSubject: x\r\n\r\nhi\r\n";
        assertThat(receive(server, "alice@sender.test", group)).startsWith("550 5.7.1").contains("no single usable");
      }
    }
  }
}
