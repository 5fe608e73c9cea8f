package dev.sealpost.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sealpost.protocol.EnhancedStatus;
import dev.sealpost.protocol.SmtpReply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplyAssemblerTest {

  private static SmtpReply parse(String wire) throws IOException {
    return new ReplyReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8))).read();
  }

  @Test
  void multiLineReplyWithEnhancedStatus() throws IOException {
    SmtpReply r = parse("250-2.1.0 first\r\n250-2.1.0 second\r\n250 2.1.0 last\r\n");
    assertThat(r.code()).isEqualTo(250);
    assertThat(r.status()).contains(new EnhancedStatus(2, 1, 0));
    assertThat(r.lines()).containsExactly("first", "second", "last");
  }

  @Test
  void statusThatDoesNotFitTheCodeIsText() throws IOException {
    SmtpReply r = parse("550 2.0.0 odd\r\n");
    assertThat(r.status()).isEmpty();
    assertThat(r.lines()).containsExactly("2.0.0 odd");
  }

  @Test
  void ehloCapabilitiesAreParsed() throws IOException {
    EhloCapabilities caps = EhloCapabilities.parse(parse(
        "250-mx.test hi\r\n250-SIZE 1000\r\n250-auth plain LOGIN\r\n250-PIPELINING\r\n250 8BITMIME\r\n"));
    assertThat(caps.has("PIPELINING")).isTrue();
    assertThat(caps.has("AUTH")).isTrue();
    assertThat(caps.authMechanisms()).containsExactly("PLAIN", "LOGIN");
    assertThat(caps.sizeLimit()).hasValue(1000);
    assertThat(EhloCapabilities.parse(parse("250-x\r\n250 SIZE 0\r\n")).sizeLimit()).isEmpty();
  }

  @Test
  void bareCodeLineEndsTheReply() throws IOException {
    assertThat(parse("250\r\n").lines()).containsExactly("");
  }

  @Test
  void malformedRepliesAreProtocolErrors() {
    assertThatThrownBy(() -> parse("25O ok\r\n")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> parse("250_ok\r\n")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> parse("199 ok\r\n")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> parse("250-a\r\n251 b\r\n")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> parse("250 a\nb\r\n")).hasMessageContaining("bare LF");
    assertThatThrownBy(() -> parse("250 a\rb\r\n")).hasMessageContaining("bare CR");
    assertThatThrownBy(() -> parse("250 a\u0000b\r\n")).hasMessageContaining("control");
    assertThatThrownBy(() -> parse("250 " + "x".repeat(3000) + "\r\n")).hasMessageContaining("longer than");
    assertThatThrownBy(() -> parse("250-x\r\n".repeat(200) + "250 x\r\n")).hasMessageContaining("more than 100");
  }

  @Test
  void assemblerKeepsNoStateAfterAReply() {
    ReplyAssembler a = new ReplyAssembler();
    assertThat(a.accept("250-a")).isEmpty();
    assertThat(a.inProgress()).isTrue();
    assertThat(a.accept("250 b")).map(SmtpReply::lines).contains(java.util.List.of("a", "b"));
    assertThat(a.inProgress()).isFalse();
    assertThat(a.accept("354 go")).map(SmtpReply::code).isEqualTo(Optional.of(354));
  }
}
