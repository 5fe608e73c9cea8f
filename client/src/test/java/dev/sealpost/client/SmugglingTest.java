package dev.sealpost.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Outbound SMTP smuggling and injection: whatever line endings the caller's content has, only CRLF and
 * stuffed dots reach the wire, ending in exactly one CRLF.CRLF; CR/LF in addresses and headers is refused.
 */
class SmugglingTest {

  /** Input (with \n, \r as escapes) and the exact DATA bytes expected on the wire. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a\\nb                          | a\\r\\nb\\r\\n.\\r\\n",
      "a\\rb                          | a\\r\\nb\\r\\n.\\r\\n",
      "a\\n.\\nMAIL FROM:<x@evil>\\n  | a\\r\\n..\\r\\nMAIL FROM:<x@evil>\\r\\n.\\r\\n",
      "a\\r.\\rRCPT TO:<x@evil>\\r     | a\\r\\n..\\r\\nRCPT TO:<x@evil>\\r\\n.\\r\\n",
      "a\\r\\n.\\r\\nQUIT\\r\\n        | a\\r\\n..\\r\\nQUIT\\r\\n.\\r\\n",
      ".starts with a dot\\r\\n..two | ..starts with a dot\\r\\n...two\\r\\n.\\r\\n",
      "a\\n\\r.\\r\\n                  | a\\r\\n\\r\\n..\\r\\n.\\r\\n",
      "end without newline           | end without newline\\r\\n.\\r\\n",
  })
  void onlyCrlfAndStuffedDotsReachTheWire(String input, String expected) {
    byte[] wire = sendAndCapture(unescape(input.strip()));
    assertThat(new String(wire, StandardCharsets.ISO_8859_1)).isEqualTo(unescape(expected.strip()));
  }

  @Test
  void emptyContentIsJustTheTerminator() {
    assertThat(new String(sendAndCapture(""), StandardCharsets.ISO_8859_1)).isEqualTo(".\r\n");
  }

  private static byte[] sendAndCapture(String content) {
    List<byte[]> data = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo();
      p.expect("MAIL FROM:");
      p.reply("250 ok");
      p.expect("RCPT TO:");
      p.reply("250 ok");
      p.expect("DATA");
      p.reply("354 go");
      data.add(p.readData());
      p.reply("250 queued");
    }); SmtpClient client = TestClients.builder(server, Security.insecureCleartext()).build()) {
      client.send(Mail.of(Envelope.builder().from("a@example.test").to("b@example.test").build(),
          content.getBytes(StandardCharsets.ISO_8859_1)));
    }
    return data.getFirst();
  }

  private static String unescape(String s) {
    return s.replace("\\r", "\r").replace("\\n", "\n");
  }

  @Test
  void lineBreaksInAddressesAreRefused() {
    assertThatThrownBy(() -> Envelope.builder().from("a@example.test\r\nRCPT TO:<x@evil.test>"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CR, LF or NUL");
    assertThatThrownBy(() -> Recipient.of("b@example.test\nDATA")).hasMessageContaining("CR, LF or NUL");
    assertThatThrownBy(() -> Recipient.of("b@exa\0mple.test")).hasMessageContaining("CR, LF or NUL");
    assertThatThrownBy(() -> Envelope.builder().from("a@example.test").to("x@example.test").envelopeId("a\r\nb").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lineBreaksInBuilderHeadersAreRefused() {
    assertThatThrownBy(() -> MimeMail.builder().subject("hi\r\nBcc: victim@example.test"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject contains CR, LF or NUL");
    assertThatThrownBy(() -> MimeMail.builder().from("Eve <eve@example.test>\nBcc: v@example.test"))
        .hasMessageContaining("CR, LF or NUL");
    assertThatThrownBy(() -> MimeMail.builder().to("\"x\r\n\" <x@example.test>")).hasMessageContaining("CR, LF or NUL");
    assertThatThrownBy(() -> MimeMail.builder().header("X-Tag", "a\rb")).hasMessageContaining("CR, LF or NUL");
    assertThatThrownBy(() -> MimeMail.builder().header("X-Tag:\r\nBcc", "a")).hasMessageContaining("invalid header");
    assertThatThrownBy(() -> MimeMail.builder().attach("a\n.txt", new byte[0], "text/plain"))
        .hasMessageContaining("CR, LF or NUL");
  }
}
