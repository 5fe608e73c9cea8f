package dev.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Eclipse Angus Mail, a Java client written by others, over 465 and 587. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AngusMailTest {

  @TempDir static Path dir;
  private TestServer server;

  @BeforeAll
  void start() {
    server = TestServer.start(dir);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private Session session(String protocol, int port, boolean starttls, String password) {
    Properties p = new Properties();
    String prefix = "mail." + protocol + ".";
    p.put("mail.transport.protocol", protocol);
    p.put(prefix + "host", "localhost");
    p.put(prefix + "port", String.valueOf(port));
    p.put(prefix + "auth", "true");
    p.put(prefix + "ssl.checkserveridentity", "true");
    p.put(prefix + "ssl.protocols", "TLSv1.3 TLSv1.2");
    p.put(prefix + "connectiontimeout", "10000");
    p.put(prefix + "timeout", "20000");
    if (starttls) {
      p.put(prefix + "starttls.enable", "true");
      p.put(prefix + "starttls.required", "true");
    }
    p.put(prefix + "ssl.socketFactory", TrustStores.socketFactory(server.ca()));
    return Session.getInstance(p, new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication(TestServer.USER, password);
      }
    });
  }

  private void send(Session s, String subject) throws MessagingException {
    String protocol = s.getProperty("mail.transport.protocol");
    MimeMessage m = new MimeMessage(s);
    m.setFrom(new InternetAddress(TestServer.USER));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestServer.OTHER));
    m.setSubject(subject, "UTF-8");
    m.setText("Grüße aus Angus Mail\nzweite Zeile\n", "UTF-8");
    m.saveChanges();
    try (Transport t = s.getTransport(protocol)) {
      t.connect();
      t.sendMessage(m, m.getAllRecipients());
    }
  }

  @Test
  void sendsOverImplicitTls() throws Exception {
    int before = server.delivered(TestServer.OTHER).size();
    send(session("smtps", server.submissions().getPort(), false, TestServer.PASSWORD), "angus over 465");
    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered(TestServer.OTHER).size() == before + 1);
    assertThat(TestServer.read(server.delivered(TestServer.OTHER).getLast())).contains("angus over 465");
  }

  @Test
  void sendsOverStarttls() throws Exception {
    int before = server.delivered(TestServer.OTHER).size();
    send(session("smtp", server.submission().getPort(), true, TestServer.PASSWORD), "angus over 587");
    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered(TestServer.OTHER).size() == before + 1);
    assertThat(TestServer.read(server.delivered(TestServer.OTHER).getLast())).contains("angus over 587");
  }

  @Test
  void wrongPasswordFails() {
    assertThatThrownBy(() -> send(session("smtps", server.submissions().getPort(), false, "nope"), "x"))
        .isInstanceOf(jakarta.mail.AuthenticationFailedException.class)
        .hasMessageContaining("535");
  }
}
