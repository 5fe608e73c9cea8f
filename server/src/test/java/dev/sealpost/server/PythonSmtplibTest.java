package dev.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sealpost.testing.ExternalCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The server against Python's smtplib, a client we did not write, over every listener. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonSmtplibTest {

  @TempDir static Path dir;
  private TestServer server;
  private Path script;

  private static final String SCRIPT = """
      import smtplib, ssl, sys
      mode, port, ca, user, password, sender, rcpt = sys.argv[1:8]
      ctx = ssl.create_default_context(cafile=ca)
      msg = ("From: " + sender + "\\r\\nTo: " + rcpt + "\\r\\nSubject: hello via " + mode +
             "\\r\\n\\r\\nBody line one.\\r\\n.starts with a dot\\r\\n")
      try:
          if mode == "implicit":
              s = smtplib.SMTP_SSL("localhost", int(port), context=ctx, timeout=20)
          else:
              s = smtplib.SMTP("localhost", int(port), timeout=20)
              s.ehlo()
              if mode in ("starttls", "mx-tls"):
                  s.starttls(context=ctx)
                  s.ehlo()
          if user != "-":
              s.login(user, password)
          refused = s.sendmail(sender, [rcpt], msg)
          print("SENT", refused)
          s.quit()
      except smtplib.SMTPRecipientsRefused as e:
          for r, (code, text) in e.recipients.items():
              print("REFUSED", code, text.decode())
          sys.exit(3)
      except smtplib.SMTPException as e:
          print("ERROR", type(e).__name__, e)
          sys.exit(4)
      """;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(ExternalCommand.available("python3"), "python3 not installed: .ci/run installs it");
    server = TestServer.start(dir);
    script = dir.resolve("send.py");
    Files.writeString(script, SCRIPT);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private ExternalCommand.Result python(String mode, int port, String user, String password, String from, String to) {
    return ExternalCommand.run(List.of("python3", script.toString(), mode, String.valueOf(port),
        server.caFile().toString(), user, password, from, to), "", Map.of(), 60);
  }

  @Test
  void implicitTlsSubmissionLandsInMaildir() {
    int before = server.delivered(TestServer.USER).size();
    var r = python("implicit", server.submissions().getPort(), TestServer.USER, TestServer.PASSWORD,
        TestServer.USER, TestServer.USER);
    assertThat(r.exitCode()).as(r.output()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered(TestServer.USER).size() == before + 1);
    String message = TestServer.read(server.delivered(TestServer.USER).getLast());
    assertThat(message).contains("Subject: hello via implicit", "\r\n.starts with a dot\r\n")
        .containsPattern("Received: from [^\r]*\r\n\tby mx.example.test \\(Sealpost\\) with ESMTPSA id ")
        .containsPattern("\\(using TLSv1\\.3 with cipher TLS_[A-Z0-9_]+\\)")
        .doesNotContain(TestServer.PASSWORD);
  }

  @Test
  void pythonsMaildirReaderSeesTheDeliveredMessages() throws Exception {
    var r = python("implicit", server.submissions().getPort(), TestServer.USER, TestServer.PASSWORD,
        TestServer.USER, TestServer.USER);
    assertThat(r.exitCode()).as(r.output()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> !server.delivered(TestServer.USER).isEmpty());
    Path maildir = server.dataDir().resolve("mail/example.test/demo/Maildir");
    String reader = """
        import mailbox, sys
        md = mailbox.Maildir(sys.argv[1], create=False)
        for key, msg in md.items():
            print("MSG", msg["Subject"], "|", msg.get_subdir(), "|", len(msg.get_payload()))
        print("COUNT", len(md))
        """;
    Path script = dir.resolve("read_maildir.py");
    Files.writeString(script, reader);
    var out = ExternalCommand.run(List.of("python3", script.toString(), maildir.toString()), "", Map.of(), 30);
    assertThat(out.exitCode()).as(out.output()).isZero();
    assertThat(out.stdout()).contains("MSG hello via implicit | new |")
        .contains("COUNT " + server.delivered(TestServer.USER).size());
  }

  @Test
  void starttlsSubmissionLandsInMaildir() {
    int before = server.delivered(TestServer.OTHER).size();
    var r = python("starttls", server.submission().getPort(), TestServer.USER, TestServer.PASSWORD,
        TestServer.USER, TestServer.OTHER);
    assertThat(r.exitCode()).as(r.output()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered(TestServer.OTHER).size() == before + 1);
    assertThat(TestServer.read(server.delivered(TestServer.OTHER).getLast())).contains("Subject: hello via starttls");
  }

  @Test
  void submissionWithoutStarttlsCannotLogIn() {
    var r = python("plain", server.submission().getPort(), TestServer.USER, TestServer.PASSWORD,
        TestServer.USER, TestServer.USER);
    // smtplib refuses to log in because AUTH is not advertised before TLS
    assertThat(r.exitCode()).as(r.output()).isEqualTo(4);
    assertThat(r.stdout()).contains("SMTPNotSupportedError");
  }

  @Test
  void unauthenticatedDeliveryOnMxPortLands() {
    int before = server.delivered(TestServer.USER).size();
    var r = python("mx", server.smtp().getPort(), "-", "-", "someone@remote.test", TestServer.USER);
    assertThat(r.exitCode()).as(r.output()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered(TestServer.USER).size() == before + 1);
    assertThat(TestServer.read(server.delivered(TestServer.USER).getLast()))
        .contains("Subject: hello via mx").contains("with ESMTP id").doesNotContain("using TLS");
  }

  @Test
  void mxPortOffersStarttls() {
    int before = server.delivered(TestServer.USER).size();
    var r = python("mx-tls", server.smtp().getPort(), "-", "-", "someone@remote.test", TestServer.USER);
    assertThat(r.exitCode()).as(r.output()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered(TestServer.USER).size() == before + 1);
    assertThat(TestServer.read(server.delivered(TestServer.USER).getLast())).contains("with ESMTPS id", "using TLSv1.3");
  }

  @Test
  void relayThroughMxPortIsRefused() {
    var r = python("mx", server.smtp().getPort(), "-", "-", "someone@remote.test", "victim@elsewhere.test");
    assertThat(r.exitCode()).as(r.output()).isEqualTo(3);
    assertThat(r.stdout()).contains("REFUSED 554 5.7.1");
  }

  @Test
  void wrongPasswordIsRefusedWith535() {
    var r = python("implicit", server.submissions().getPort(), TestServer.USER, "wrong password",
        TestServer.USER, TestServer.USER);
    assertThat(r.exitCode()).as(r.output()).isEqualTo(4);
    assertThat(r.stdout()).contains("SMTPAuthenticationError", "535", "5.7.8");
  }

  @Test
  void authenticatedUserMayRelayToOutboundQueue() {
    var r = python("implicit", server.submissions().getPort(), TestServer.USER, TestServer.PASSWORD,
        TestServer.USER, "friend@remote.test");
    assertThat(r.exitCode()).as(r.output()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> !server.outbound().isEmpty());
  }

  @Test
  void senderMustBelongToTheUser() {
    var r = python("implicit", server.submissions().getPort(), TestServer.USER, TestServer.PASSWORD,
        "ceo@bank.test", TestServer.USER);
    assertThat(r.exitCode()).as(r.output()).isEqualTo(4);
    assertThat(r.stdout()).contains("553", "5.7.1");
  }
}
