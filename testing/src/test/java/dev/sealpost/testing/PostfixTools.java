package dev.sealpost.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The independent clients PostfixServerTest drives: openssl s_client, Python's smtplib and swaks. */
final class PostfixTools {

  /**
   * EHLO, report AUTH and STARTTLS, optionally try AUTH in plaintext and then STARTTLS (TLS=starttls),
   * log in and send one message to the comma-separated TO.
   */
  static final String SUBMISSION_SCRIPT = """
      import base64, os, smtplib, ssl
      user, password = os.environ["USER_NAME"], os.environ["PASSWORD"]
      def auth(s):
          return (s.esmtp_features.get("auth") or "").strip() or None
      s = smtplib.SMTP("127.0.0.1", int(os.environ["PORT"]), local_hostname="client.test", timeout=20)
      s.ehlo()
      print("before-tls auth=%s starttls=%s" % (auth(s), s.has_extn("starttls")))
      if os.environ["TLS"] == "starttls":
          plain = base64.b64encode(("\\0%s\\0%s" % (user, password)).encode()).decode()
          code, msg = s.docmd("AUTH", "PLAIN " + plain)
          print("auth-before-tls %d %s" % (code, msg.decode()))
          s.starttls(context=ssl.create_default_context(cafile=os.environ["CA"]))
          s.ehlo()
          print("after-tls auth=%s" % auth(s))
      code, msg = s.login(user, password)
      print("login %d" % code)
      s.sendmail(user, os.environ["TO"].split(","), "Subject: via smtplib\\r\\n\\r\\nhello from smtplib\\r\\n")
      s.quit()
      """;

  private static final Pattern FIRST_CERTIFICATE =
      Pattern.compile("-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\\n", Pattern.DOTALL);

  private PostfixTools() {}

  /** openssl s_client to 127.0.0.1:port, verifying against {@code ca} for the name localhost. */
  static String sClient(int port, Path ca, String... args) {
    List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-CAfile", ca.toString(), "-verify_hostname", "localhost"));
    command.addAll(List.of(args));
    return ExternalCommand.run(command, "", Map.of(), 30).output();
  }

  /** Runs {@code script} with PORT, CA, USER_NAME and PASSWORD (overridable by {@code env}); it must exit 0. */
  static String python(String script, int port, Path ca, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(Map.of("PORT", Integer.toString(port), "CA", ca.toString(),
        "USER_NAME", PostfixServerTest.USER, "PASSWORD", PostfixServerTest.PASSWORD));
    all.putAll(env);
    ExternalCommand.Result r = ExternalCommand.run(List.of("python3", "-c", script), "", all, 60);
    assertThat(r.exitCode()).as(r.output()).isZero();
    return r.stdout();
  }

  /** swaks from alice@example.test to {@code to}; returns the transcript, whatever the outcome. */
  static String swaks(int port, String to, String... args) {
    List<String> command = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(port),
        "--from", PostfixServerTest.USER, "--to", to, "--helo", "client.test", "--timeout", "20"));
    command.addAll(List.of(args));
    return ExternalCommand.run(command, "", Map.of(), 60).output();
  }

  static String deliveredTo(PostfixServer server, String recipient) {
    try {
      return Files.readString(server.awaitDeliveryTo(recipient, Duration.ofSeconds(20)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The notAfter of the first certificate in s_client's -showcerts output, read by openssl x509. */
  static Instant notAfter(String sClientOutput) {
    Matcher m = FIRST_CERTIFICATE.matcher(sClientOutput);
    assertThat(m.find()).as("a certificate in: " + sClientOutput).isTrue();
    ExternalCommand.Result r = ExternalCommand.run(
        List.of("openssl", "x509", "-noout", "-enddate", "-dateopt", "iso_8601"), m.group(), Map.of(), 30);
    assertThat(r.stdout()).as(r.output()).startsWith("notAfter=");
    // e.g. notAfter=2026-11-27 12:57:03Z
    return Instant.parse(r.stdout().strip().substring("notAfter=".length()).replace(' ', 'T'));
  }
}
