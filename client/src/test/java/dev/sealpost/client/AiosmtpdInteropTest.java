package dev.sealpost.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sealpost.testing.ExternalCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with an independent server, Python's aiosmtpd (Debian python3-aiosmtpd), over STARTTLS and
 * implicit TLS with AUTH: the envelope and the message the Python side received are compared byte for byte.
 */
class AiosmtpdInteropTest {

  private static final String PYTHON = "/usr/bin/python3";
  private static final String USER = "reports@example.test";
  private static final String PASSWORD = "interop-Secret-1";

  @TempDir static Path dir;
  private Process server;
  private BufferedReader output;

  @BeforeAll
  static void requireAiosmtpd() {
    assumeTrue(Files.isExecutable(Path.of(PYTHON)), "interop test skipped: " + PYTHON + " not found");
    var check = ExternalCommand.run(List.of(PYTHON, "-c", "import aiosmtpd"), "", Map.of(), 30);
    assumeTrue(check.exitCode() == 0,
        "interop test skipped: python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd)");
  }

  private int start(String mode) throws IOException {
    Path script = dir.resolve("aiosmtpd_server.py");
    try (InputStream in = getClass().getResourceAsStream("aiosmtpd_server.py")) {
      Files.write(script, in.readAllBytes());
    }
    var files = TestClients.MX.write(dir, "mx-" + mode);
    server = new ProcessBuilder(PYTHON, script.toString(), mode, files.certificateChain().toString(),
        files.privateKey().toString(), USER, PASSWORD).redirectError(dir.resolve(mode + ".err").toFile()).start();
    output = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String first = output.readLine();
    assertThat(first).as("aiosmtpd start; stderr: %s", stderr(mode)).startsWith("PORT ");
    return Integer.parseInt(first.substring(5).trim());
  }

  private String stderr(String mode) {
    try {
      return Files.readString(dir.resolve(mode + ".err"));
    } catch (IOException e) {
      return "(none)";
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private SmtpClient client(int port, Security security, String password) {
    return SmtpClient.builder().host("mx.test").address(InetAddress.getLoopbackAddress()).port(port)
        .security(security).tls(TestClients.trustTestCa()).credentials(Credentials.password(USER, password))
        .timeouts(Timeouts.all(Duration.ofSeconds(20))).heloName("client.test").build();
  }

  /** The next message aiosmtpd printed: envelope and content. */
  private Map<String, String> received() throws IOException {
    String line = output.readLine();
    assertThat(line).as("aiosmtpd output").isNotNull();
    return Map.of(
        "mail_from", field(line, "mail_from"),
        "rcpt_tos", line.replaceAll(".*\"rcpt_tos\": \\[([^]]*)].*", "$1"),
        "mail_options", line.replaceAll(".*\"mail_options\": \\[([^]]*)].*", "$1"),
        "tls", line.replaceAll(".*\"tls\": (true|false).*", "$1"),
        "auth", line.replaceAll(".*\"auth\": (true|false).*", "$1"),
        "content", new String(Base64.getDecoder().decode(field(line, "content")), StandardCharsets.UTF_8));
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\": \"([^\"]*)\"").matcher(json);
    assertThat(m.find()).as("%s in %s", name, json).isTrue();
    return m.group(1);
  }

  @Test
  void rawMessageOverStartTlsArrivesByteForByte() throws Exception {
    int port = start("starttls");
    String message = "From: reports@example.test\nTo: a@example.test\nSubject: interop\n\n"
        + "line one\r\n.leading dot\rbare CR line\n..two dots\nlast line without newline";
    try (SmtpClient client = client(port, Security.startTlsRequired(), PASSWORD)) {
      SendResult result = client.send(Mail.of(Envelope.builder().from(USER).to("a@example.test", "b@example.test")
          .build(), message.getBytes(StandardCharsets.UTF_8)));
      assertThat(result.accepted()).hasSize(2);
      assertThat(result.finalReply().code()).isEqualTo(250);
      assertThat(result.tls().encrypted()).isTrue();
      assertThat(((TlsEvidence.Established) result.tls()).verifiedHostName()).contains("mx.test");
    }
    Map<String, String> got = received();
    assertThat(got.get("mail_from")).isEqualTo(USER);
    assertThat(got.get("rcpt_tos")).isEqualTo("\"a@example.test\", \"b@example.test\"");
    assertThat(got.get("tls")).isEqualTo("true");
    assertThat(got.get("auth")).isEqualTo("true");
    assertThat(got.get("content")).isEqualTo("From: reports@example.test\r\nTo: a@example.test\r\nSubject: interop\r\n"
        + "\r\nline one\r\n.leading dot\r\nbare CR line\r\n..two dots\r\nlast line without newline\r\n");
  }

  @Test
  void mimeMessageOverImplicitTlsWithBccInTheEnvelopeOnly() throws Exception {
    int port = start("implicit");
    Mail mail = MimeMail.builder().from("Reports <reports@example.test>").to("boss@example.test")
        .bcc("audit@example.test").subject("Rapport quotidien: tout va tr\u00e8s bien")
        .text("Bonjour,\nrien \u00e0 signaler.\n.\n").html("<p>Bonjour</p>")
        .attach("report.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "text/csv").build();
    try (SmtpClient client = client(port, Security.implicitTls(), PASSWORD)) {
      assertThat(client.send(mail).accepted()).hasSize(2);
    }
    Map<String, String> got = received();
    assertThat(got.get("rcpt_tos")).isEqualTo("\"boss@example.test\", \"audit@example.test\"");
    // Angus wrote the non-ASCII text as quoted-printable, so the content is 7-bit and declares only its size.
    assertThat(got.get("mail_options")).isEqualTo("\"SIZE=" + mail.content().size().orElseThrow() + "\"");
    String content = got.get("content");
    assertThat(content).doesNotContainIgnoringCase("audit@example.test").doesNotContain("Bcc:");
    // Byte for byte what the builder produced, with its line endings normalised to CRLF on the way
    // (Angus leaves the attachment's bare LFs alone; the client must not send them bare).
    String sent = new String(mail.content().open().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(sent).contains("a,b\n1,2\n");
    assertThat(content).isEqualTo(sent.replace("\r\n", "\n").replace("\n", "\r\n"));
    MimeMessage parsed = new MimeMessage(Session.getInstance(new java.util.Properties()),
        new java.io.ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    assertThat(parsed.getSubject()).isEqualTo("Rapport quotidien: tout va tr\u00e8s bien");
    assertThat(parsed.getHeader("Subject")[0]).startsWith("=?UTF-8?");
    assertThat(parsed.getMessageID()).endsWith("@example.test>");
    assertThat(parsed.getSentDate()).isNotNull();
    MimeMultipart mixed = (MimeMultipart) parsed.getContent();
    assertThat(mixed.getCount()).isEqualTo(2);
    assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("report.csv");
  }

  @Test
  void wrongPasswordIsAnAuthenticationErrorFromThePythonServer() throws Exception {
    int port = start("starttls");
    try (SmtpClient client = client(port, Security.startTlsRequired(), "wrong")) {
      assertThatThrownBy(() -> client.send(TestClients.mail()))
          .isInstanceOfSatisfying(AuthenticationException.class,
              e -> assertThat(e.reply()).map(r -> r.code()).contains(535));
    }
  }
}
