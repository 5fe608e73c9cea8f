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

  /**
   * A server on port 25 that offers STARTTLS, presents {@code presented}, and inside TLS takes one pipelined
   * message and QUIT. When the client refuses the certificate, the script fails at the handshake and the
   * server records whatever else the client sends.
   */
  static ScriptedServer startTlsDelivering(TestPki.Credential presented) {
    return ScriptedServer.start(p -> {
      p.greetAndEhlo("STARTTLS", "PIPELINING");
      p.expect("STARTTLS");
      p.reply("220 2.0.0 ready");
      p.startTls(presented);
      p.expect("EHLO client.test");
      p.ehloReply("PIPELINING");
      deliverPipelined(p);
    });
  }

  /** Takes MAIL, one RCPT and DATA as one group, the content, then QUIT. */
  static void deliverPipelined(ScriptedServer.Peer p) throws java.io.IOException {
    p.expect("MAIL FROM:");
    p.expect("RCPT TO:");
    p.expect("DATA");
    p.reply("250 2.1.0 ok", "250 2.1.5 ok", "354 go on");
    p.readData();
    p.reply("250 2.0.0 queued");
    p.expect("QUIT");
    p.reply("221 bye");
  }

  static Mail mail(String... recipients) {
    Envelope.Builder e = Envelope.builder().from("sender@example.test");
    for (String r : recipients.length == 0 ? new String[] {"rcpt@example.test"} : recipients) {
      e.to(r);
    }
    return Mail.of(e.build(), ("Subject: test\r\n\r\n" + BODY_MARKER + "\r\n").getBytes(StandardCharsets.UTF_8));
  }
}
