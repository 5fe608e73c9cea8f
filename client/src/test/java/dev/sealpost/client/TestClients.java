package dev.sealpost.client;

import dev.sealpost.testing.TestPki;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Shared certificates and client settings for tests against {@link ScriptedServer}. */
final class TestClients {

  static final TestPki.Credential CA = TestPki.authority("Client Test CA");
  static final TestPki.Credential MX = TestPki.server(CA, List.of("mx.test"));
  static final String PASSWORD = "s3cret-Passw0rd";
  static final String BODY_MARKER = "BODY-MARKER-7f3a";

  private TestClients() {}

  static TlsOptions trustTestCa() {
    return TlsOptions.builder().trust(CA.certificate()).withoutSystemCas().build();
  }

  /** A client for mx.test at 127.0.0.1:{port}, trusting only the test CA. */
  static SmtpClient.Builder builder(ScriptedServer server, Security security) {
    return SmtpClient.builder().host("mx.test").address(InetAddress.getLoopbackAddress()).port(server.port())
        .security(security).tls(trustTestCa()).timeouts(Timeouts.all(Duration.ofSeconds(10)))
        .heloName("client.test");
  }

  static Mail mail(String... recipients) {
    Envelope.Builder e = Envelope.builder().from("sender@example.test");
    for (String r : recipients.length == 0 ? new String[] {"rcpt@example.test"} : recipients) {
      e.to(r);
    }
    return Mail.of(e.build(), ("Subject: test\r\n\r\n" + BODY_MARKER + "\r\n").getBytes(StandardCharsets.UTF_8));
  }
}
