package dev.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.server.TestServer;
import dev.sealpost.testing.StartTlsStrippingProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The STARTTLS downgrade attacks against {@code sealpost send} and {@code sealpost probe}, with a real
 * Sealpost server behind a man in the middle: the send must fail, and the bytes the client sent must
 * hold no AUTH, no envelope and no message.
 */
class StartTlsMitmTest {

  private static Path envFile(Path dir, TestServer server) throws Exception {
    Path env = dir.resolve("demo.env");
    Files.writeString(env, "SEALPOST_USER=" + TestServer.USER + "\nSEALPOST_PASSWORD=" + TestServer.PASSWORD
        + "\nSEALPOST_CA=" + server.caFile() + "\n");
    return env;
  }

  @Test
  void strippedStartTlsStopsTheSendBeforeAnyCredential(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir.resolve("s"));
        var mitm = new StartTlsStrippingProxy(server.submission(), StartTlsStrippingProxy.Attack.STRIP_CAPABILITY)) {
      var r = SendCommandTest.run("secret body", "send", "--env-file", envFile(dir, server).toString(),
          "--server", "localhost:" + mitm.port(), "--tls", "starttls", "--to", TestServer.USER);
      // Temporary, as Postfix treats it: the attack may be gone later, and the message must wait for TLS.
      assertThat(r.code()).isEqualTo(75);
      assertThat(r.err()).contains("STARTTLS_NOT_OFFERED");
      assertThat(mitm.clientBytes()).startsWith("EHLO ").doesNotContain("AUTH").doesNotContain("MAIL")
          .doesNotContain("secret body").doesNotContain(TestServer.PASSWORD);

      // The probe sees the same port as an auditor would: no STARTTLS is an error.
      var p = ProbeCommandTest.run("probe", "localhost:" + mitm.port(), "--starttls", "--role", "submission");
      assertThat(p.code()).isEqualTo(1);
      assertThat(p.out()).contains("starttls-missing");
    }
  }

  @Test
  void refusedStartTlsStopsTheSendBeforeAnyCredential(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir.resolve("s"));
        var mitm = new StartTlsStrippingProxy(server.submission(), StartTlsStrippingProxy.Attack.REFUSE_STARTTLS)) {
      var r = SendCommandTest.run("secret body", "send", "--env-file", envFile(dir, server).toString(),
          "--server", "localhost:" + mitm.port(), "--tls", "starttls", "--to", TestServer.USER);
      // Temporary, as Postfix treats it: the attack may be gone later, and the message must wait for TLS.
      assertThat(r.code()).isEqualTo(75);
      assertThat(r.err()).contains("STARTTLS_REFUSED").contains("454");
      assertThat(mitm.clientBytes()).contains("STARTTLS").doesNotContain("AUTH").doesNotContain("MAIL")
          .doesNotContain(TestServer.PASSWORD);
    }
  }
}
