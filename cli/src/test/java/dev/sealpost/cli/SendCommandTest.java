package dev.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sealpost.server.TestServer;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sealpost send} and {@code sealpost sendmail} against a real Sealpost server. */
class SendCommandTest {

  @TempDir static Path dir;
  static TestServer server;
  static Path envFile;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(dir.resolve("server"));
    envFile = dir.resolve("demo.env");
    Files.writeString(envFile, "SEALPOST_USER=" + TestServer.USER + "\nSEALPOST_PASSWORD=" + TestServer.PASSWORD
        + "\nSEALPOST_CA=" + server.caFile() + "\n");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Run(int code, String out, String err) {}

  static Run run(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    InputStream old = System.in;
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(out));
      cl.setErr(new PrintWriter(err));
      int code = cl.execute(args);
      return new Run(code, out.toString(), err.toString());
    } finally {
      System.setIn(old);
    }
  }

  private String submissions() {
    return "localhost:" + server.submissions().getPort();
  }

  private static MimeMessage lastDelivered(int count) throws Exception {
    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered(TestServer.USER).size() >= count);
    var files = server.delivered(TestServer.USER);
    try (InputStream in = Files.newInputStream(files.get(count - 1))) {
      return new MimeMessage(Session.getInstance(new Properties()), in);
    }
  }

  @Test
  void sendsWithSubjectBodyAndAttachmentOverImplicitTls() throws Exception {
    int before = server.delivered(TestServer.USER).size();
    Path attachment = dir.resolve("report.csv");
    Files.writeString(attachment, "a,b\n1,2\n");
    Run r = run("Grüße aus dem Bericht\n", "send", "--env-file", envFile.toString(), "--server", submissions(),
        "--to", TestServer.USER, "--subject", "Täglicher Bericht", "--attach", attachment.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("accepted " + TestServer.USER, "sent to 1 of 1", "host=localhost");

    MimeMessage m = lastDelivered(before + 1);
    assertThat(m.getSubject()).isEqualTo("Täglicher Bericht");
    MimeMultipart parts = (MimeMultipart) m.getContent();
    assertThat(((String) parts.getBodyPart(0).getContent()).strip()).isEqualTo("Grüße aus dem Bericht");
    assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("report.csv");
  }

  @Test
  void startTlsWithJsonEvidence() throws Exception {
    Run r = run("", "send", "--env-file", envFile.toString(), "--server", "localhost:" + server.submission().getPort(),
        "--tls", "starttls", "--to", TestServer.USER, "--body", "short", "--json");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("status").asText()).isEqualTo("sent");
    JsonNode tls = json.get("tls");
    assertThat(tls.get("protocol").asText()).isIn("TLSv1.3", "TLSv1.2");
    assertThat(tls.get("hostNameVerified").asBoolean()).isTrue();
    assertThat(tls.get("chainTrusted").asBoolean()).isTrue();
    assertThat(tls.get("certificateSha256").asText()).matches("[0-9a-f]{64}");
    assertThat(json.get("recipients").get(0).get("enhancedStatus").asText()).isEqualTo("2.1.5");
  }

  @Test
  void rawMessageIsSentAsItIsWithLineEndingsRepaired() throws Exception {
    int before = server.delivered(TestServer.USER).size();
    Run r = run("From: demo@example.test\nSubject: raw\n\nline one\n.leading dot\nlast\n", "send", "--env-file",
        envFile.toString(), "--server", submissions(), "--to", TestServer.USER, "--raw");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    lastDelivered(before + 1);
    String stored = TestServer.read(server.delivered(TestServer.USER).get(before));
    assertThat(stored).contains("Subject: raw\r\n\r\nline one\r\n.leading dot\r\nlast\r\n");
  }

  @Test
  void failuresHaveTheirExitStatus() throws Exception {
    // Untrusted certificate: no --ca, no env file.
    Path pw = dir.resolve("pw");
    Files.writeString(pw, TestServer.PASSWORD + "\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    Run untrusted = run("x", "send", "--server", submissions(), "--user", TestServer.USER, "--password-file",
        pw.toString(), "--to", TestServer.USER);
    assertThat(untrusted.code()).isEqualTo(69);
    assertThat(untrusted.err()).contains("UNTRUSTED_CHAIN").contains("permanent failure");

    Path wrong = dir.resolve("wrong");
    Files.writeString(wrong, "not the password\n");
    Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
    Run auth = run("x", "send", "--server", submissions(), "--ca", server.caFile().toString(), "--user",
        TestServer.USER, "--password-file", wrong.toString(), "--to", TestServer.USER);
    assertThat(auth.code()).isEqualTo(77);
    assertThat(auth.err()).contains("535");

    Run rejected = run("x", "send", "--env-file", envFile.toString(), "--server", submissions(), "--to",
        "nobody@example.test");
    assertThat(rejected.code()).isEqualTo(67);
    assertThat(rejected.err()).contains("nobody@example.test").contains("550");

    Run closed = run("x", "send", "--env-file", envFile.toString(), "--server", "localhost:1", "--to",
        TestServer.USER);
    assertThat(closed.code()).isEqualTo(75);
    assertThat(closed.err()).contains("temporary failure");
  }

  @Test
  void passwordsAreNeverArgumentsNorSentInClearText() {
    Run option = run("x", "send", "--server", submissions(), "--user", "u", "--password", "secret", "--to", "a@b.test");
    assertThat(option.code()).isEqualTo(2);
    assertThat(option.err()).contains("Unknown options: '--password'");

    Run missing = run("x", "send", "--server", submissions(), "--user", "u", "--to", "a@b.test");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("never taken as arguments");

    Run clear = run("x", "send", "--env-file", envFile.toString(), "--server", "localhost:" + server.smtp().getPort(),
        "--tls", "none-insecure", "--to", TestServer.USER);
    assertThat(clear.code()).isEqualTo(2);
    assertThat(clear.err()).contains("refusing to send a password over clear text");
  }

  @Test
  void sendmailTakesRecipientsFromHeadersAndDropsBcc() throws Exception {
    Path pw = dir.resolve("pw2");
    Files.writeString(pw, TestServer.PASSWORD + "\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    Path settings = dir.resolve("sendmail.toml");
    Files.writeString(settings, """
        server = "localhost:%d"
        tls = "starttls"
        user = "%s"
        password-file = "%s"
        ca = "%s"
        """.formatted(server.submission().getPort(), TestServer.USER, pw, server.caFile()));
    int before = server.delivered(TestServer.OTHER).size();
    int demoBefore = server.delivered(TestServer.USER).size();
    Run r = run("To: " + TestServer.USER + "\nBcc: " + TestServer.OTHER + "\nSubject: from cron\n\nbody\n.\nignored\n",
        "sendmail", "--config", settings.toString(), "-t", "-f", TestServer.USER);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out() + r.err()).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered(TestServer.OTHER).size() == before + 1);
    String copy = TestServer.read(server.delivered(TestServer.OTHER).get(before));
    assertThat(copy).contains("Subject: from cron").doesNotContain("Bcc:").doesNotContain(TestServer.OTHER + "\r\nSubject")
        .contains("Message-ID: <").contains("Date: ").endsWith("body\r\n").doesNotContain("ignored");
    lastDelivered(demoBefore + 1);

    assertThat(run("", "sendmail", "--config", dir.resolve("missing.toml").toString(), "a@b.test").code())
        .isEqualTo(78);
    Run none = run("Subject: x\n\n", "sendmail", "--config", settings.toString());
    assertThat(none.code()).isEqualTo(64);
    assertThat(none.err()).contains("no recipients");
    assertThat(run("", "sendmail", "-bp").err()).contains("-bp");
  }
}
