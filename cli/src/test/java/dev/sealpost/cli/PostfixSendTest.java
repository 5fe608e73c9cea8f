package dev.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.PostfixServer;
import dev.sealpost.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sealpost send} and {@code sendmail} through Postfix, a server we did not write, over 465 and 587. */
class PostfixSendTest {

  @Test
  void sendsThroughPostfixOverImplicitTlsAndStartTls(@TempDir Path dir) throws Exception {
    PostfixServer.assumeAvailable();
    TestPki.Credential ca = TestPki.authority("Postfix Send CA");
    Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));
    Path pw = dir.resolve("pw");
    Files.writeString(pw, "Sekrit-pass-1\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    try (PostfixServer p = PostfixServer.builder().certificate(TestPki.server(ca, List.of("localhost")).write(dir, "pf"))
        .user("demo@example.test", "Sekrit-pass-1").start()) {
      String user = "demo@" + "example.test";
      var implicit = SendCommandTest.run("over 465\n", "send", "--server", "localhost:" + p.implicitTlsPort(),
          "--ca", caFile.toString(), "--user", user, "--password-file", pw.toString(), "--to", "alice@example.test",
          "--subject", "via postfix 465");
      assertThat(implicit.code()).as(implicit.out() + implicit.err() + p.log()).isZero();
      var starttls = SendCommandTest.run("over 587\n", "send", "--server", "localhost:" + p.submissionPort(),
          "--tls", "starttls", "--ca", caFile.toString(), "--user", user, "--password-file", pw.toString(),
          "--to", "bob@example.test", "--subject", "via postfix 587", "--json");
      assertThat(starttls.code()).as(starttls.out() + starttls.err() + p.log()).isZero();
      assertThat(starttls.out()).contains("\"hostNameVerified\" : true");

      String first = Files.readString(p.awaitDeliveryTo("alice@example.test", Duration.ofSeconds(20)));
      assertThat(first).contains("Subject: via postfix 465").contains("over 465");
      String second = Files.readString(p.awaitDeliveryTo("bob@example.test", Duration.ofSeconds(20)));
      assertThat(second).contains("Subject: via postfix 587");
      // Postfix's own Received line records that the message came in over TLS, authenticated.
      assertThat(second).containsPattern("with ESMTPSA|with ESMTPS");
    }
  }
}
