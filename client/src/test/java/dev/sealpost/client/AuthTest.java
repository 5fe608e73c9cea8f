package dev.sealpost.client;

import static dev.sealpost.client.TestClients.MX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** AUTH PLAIN, LOGIN and XOAUTH2 inside TLS, mechanism choice, typed failure, and redacted transcripts. */
class AuthTest {

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static ScriptedServer authServer(String offered, ScriptedServer.Script auth) {
    return ScriptedServer.start(p -> {
      p.startTls(MX);
      p.greetAndEhlo("AUTH " + offered);
      auth.play(p);
      p.expect("MAIL FROM:");
      p.reply("250 ok");
      p.expect("RCPT TO:");
      p.reply("250 ok");
      p.expect("DATA");
      p.reply("354 go");
      p.readData();
      p.reply("250 queued");
    });
  }

  @Test
  void plainIsPreferredAndItsTranscriptIsRedacted() {
    List<String> transcript = new CopyOnWriteArrayList<>();
    List<String> seen = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = authServer("LOGIN PLAIN", p -> {
      seen.add(p.expect("AUTH PLAIN "));
      p.reply("235 2.7.0 ok");
    }); SmtpClient client = TestClients.builder(server, Security.implicitTls())
        .credentials(Credentials.password("u@example.test", TestClients.PASSWORD))
        .listener(new SmtpEventListener() {
          @Override
          public void commandSent(Destination d, String line) {
            transcript.add(line);
          }
        }).build()) {
      client.send(TestClients.mail());
      assertThat(seen).containsExactly("AUTH PLAIN " + b64("\0u@example.test\0" + TestClients.PASSWORD));
      assertThat(transcript).contains("AUTH PLAIN <redacted>");
      assertThat(String.join("\n", transcript)).doesNotContain(TestClients.PASSWORD)
          .doesNotContain(b64("\0u@example.test\0" + TestClients.PASSWORD));
    }
  }

  @Test
  void loginAnswersBothPromptsAndIsRedacted() {
    List<String> transcript = new CopyOnWriteArrayList<>();
    List<String> seen = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = authServer("LOGIN", p -> {
      p.expect("AUTH LOGIN");
      p.reply("334 " + b64("Username:"));
      seen.add(p.readLine());
      p.reply("334 " + b64("Password:"));
      seen.add(p.readLine());
      p.reply("235 2.7.0 ok");
    }); SmtpClient client = TestClients.builder(server, Security.implicitTls())
        .credentials(Credentials.password("u@example.test", TestClients.PASSWORD))
        .listener(new SmtpEventListener() {
          @Override
          public void commandSent(Destination d, String line) {
            transcript.add(line);
          }
        }).build()) {
      client.send(TestClients.mail());
      assertThat(seen).containsExactly(b64("u@example.test"), b64(TestClients.PASSWORD));
      assertThat(transcript).containsSubsequence("AUTH LOGIN", "<redacted>", "<redacted>");
      assertThat(String.join("\n", transcript)).doesNotContain(b64(TestClients.PASSWORD));
    }
  }

  @Test
  void xoauth2SendsTheBearerToken() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = authServer("PLAIN XOAUTH2", p -> {
      seen.add(p.expect("AUTH XOAUTH2 "));
      p.reply("235 2.7.0 ok");
    }); SmtpClient client = TestClients.builder(server, Security.implicitTls())
        .credentials(Credentials.bearerToken("u@example.test", "ya29.token")).build()) {
      client.send(TestClients.mail());
      assertThat(seen).containsExactly("AUTH XOAUTH2 " + b64("user=u@example.test\u0001auth=Bearer ya29.token\u0001\u0001"));
    }
  }

  @Test
  void refusedCredentialsAreATypedErrorWithTheReply() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.startTls(MX);
      p.greetAndEhlo("AUTH PLAIN");
      p.expect("AUTH PLAIN ");
      p.reply("535 5.7.8 Authentication credentials invalid");
      p.readLine();
    }); SmtpClient client = TestClients.builder(server, Security.implicitTls())
        .credentials(Credentials.password("u@example.test", "wrong")).build()) {
      assertThatThrownBy(() -> client.send(TestClients.mail()))
          .isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.reply()).map(r -> r.code()).contains(535);
            assertThat(e.getMessage()).contains("535 5.7.8 Authentication credentials invalid");
            assertThat(e.isTransient()).isFalse();
          });
    }
  }

  @Test
  void noUsableMechanismIsRefusedBeforeSendingAnything() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.startTls(MX);
      p.greetAndEhlo("AUTH CRAM-MD5 GSSAPI");
      p.readLine();
    }); SmtpClient client = TestClients.builder(server, Security.implicitTls())
        .credentials(Credentials.password("u@example.test", "pw")).build()) {
      assertThatThrownBy(() -> client.send(TestClients.mail())).isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("offers AUTH CRAM-MD5 GSSAPI");
    }
  }

  @Test
  void callerCanForceAMechanism() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = authServer("PLAIN LOGIN", p -> {
      seen.add(p.expect("AUTH LOGIN"));
      p.reply("334 " + b64("Username:"));
      p.readLine();
      p.reply("334 " + b64("Password:"));
      p.readLine();
      p.reply("235 ok");
    }); SmtpClient client = TestClients.builder(server, Security.implicitTls())
        .credentials(Credentials.password("u@example.test", "pw")).authMechanism(AuthMechanism.LOGIN).build()) {
      client.send(TestClients.mail());
      assertThat(seen).containsExactly("AUTH LOGIN");
    }
  }

  @Test
  void credentialsNeverShowInToString() {
    assertThat(Credentials.password("u", "hunter2").toString()).doesNotContain("hunter2");
    assertThat(Credentials.bearerToken("u", "tok123").toString()).doesNotContain("tok123");
  }
}
