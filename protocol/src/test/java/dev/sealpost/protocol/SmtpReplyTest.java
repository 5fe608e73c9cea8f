package dev.sealpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpReplyTest {

  @Test
  void oneLineWithStatus() {
    SmtpReply r = SmtpReply.of(250, "2.1.0", "Sender OK");
    assertThat(r.toWire()).isEqualTo("250 2.1.0 Sender OK\r\n");
    assertThat(r.status()).hasValue(new EnhancedStatus(2, 1, 0));
    assertThat(r.lines()).containsExactly("Sender OK");
  }

  @Test
  void multiLinePrefixesStatusOnEveryLine() {
    SmtpReply r = SmtpReply.of(250, "2.1.0", List.of("first", "last"));
    assertThat(r.toWire()).isEqualTo("250-2.1.0 first\r\n250 2.1.0 last\r\n");
  }

  @Test
  void withoutStatusForGreetingAndEhlo() {
    assertThat(SmtpReply.withoutStatus(220, "mx.example.test ESMTP").toWire())
        .isEqualTo("220 mx.example.test ESMTP\r\n");
    SmtpReply ehlo = SmtpReply.withoutStatus(250, List.of("mx.example.test", "PIPELINING", "SMTPUTF8"));
    assertThat(ehlo.status()).isEmpty();
    assertThat(ehlo.toWire()).isEqualTo("250-mx.example.test\r\n250-PIPELINING\r\n250 SMTPUTF8\r\n");
  }

  @Test
  void emptyTextLeavesNoTrailingSpace() {
    assertThat(SmtpReply.withoutStatus(250, "").toWire()).isEqualTo("250\r\n");
    assertThat(SmtpReply.of(250, "2.0.0", "").toWire()).isEqualTo("250 2.0.0\r\n");
    assertThat(SmtpReply.withoutStatus(250, "", "x").toWire()).isEqualTo("250-\r\n250 x\r\n");
  }

  @Test
  void bytesAreUtf8() {
    SmtpReply r = SmtpReply.of(250, "2.0.0", "héllo");
    assertThat(r.toBytes()).isEqualTo("250 2.0.0 héllo\r\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void classifiesCodes() {
    assertThat(SmtpReply.of(250, "2.0.0", "ok").isPositive()).isTrue();
    assertThat(SmtpReply.withoutStatus(354, "go ahead").isPositive()).isTrue();
    assertThat(SmtpReply.of(451, "4.3.0", "later").isTransientFailure()).isTrue();
    assertThat(SmtpReply.of(451, "4.3.0", "later").isPositive()).isFalse();
    assertThat(SmtpReply.of(550, "5.1.1", "no").isPermanentFailure()).isTrue();
    assertThat(SmtpReply.of(550, "5.1.1", "no").isTransientFailure()).isFalse();
  }

  @Test
  void intermediateRepliesMayCarryNoStatusOrASuccessOne() {
    assertThat(SmtpReply.withoutStatus(334, "").toWire()).isEqualTo("334\r\n");
    assertThat(SmtpReply.of(354, "2.0.0", "Start mail input").toWire()).isEqualTo("354 2.0.0 Start mail input\r\n");
    assertThatIllegalArgumentException().isThrownBy(() -> SmtpReply.of(354, "5.0.0", "x"));
  }

  @Test
  void statusClassMustMatchCode() {
    assertThatIllegalArgumentException().isThrownBy(() -> SmtpReply.of(250, "5.0.0", "x"))
        .withMessageContaining("5.0.0").withMessageContaining("250");
    assertThatIllegalArgumentException().isThrownBy(() -> SmtpReply.of(550, "4.0.0", "x"));
    assertThatIllegalArgumentException().isThrownBy(() -> SmtpReply.of(421, "2.0.0", "x"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 199, 600, 1000, -250})
  void codeOutOfRange(int code) {
    assertThatIllegalArgumentException().isThrownBy(() -> SmtpReply.withoutStatus(code, "x"))
        .withMessageContaining(String.valueOf(code));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\rb", "a\nb", "a\r\n250 injected", "nul\0", "bell\u0007", "del\u007f"})
  void refusesLineBreaksAndControls(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> SmtpReply.of(250, "2.0.0", text))
        .withMessageContaining("'" + text.substring(0, 1));
  }

  @Test
  void tabIsAllowed() {
    assertThat(SmtpReply.of(250, "2.0.0", "a\tb").lines()).containsExactly("a\tb");
  }

  @Test
  void needsAtLeastOneLine() {
    assertThatIllegalArgumentException().isThrownBy(() -> SmtpReply.withoutStatus(250));
    assertThatIllegalArgumentException().isThrownBy(() -> new SmtpReply(250, Optional.empty(), List.of()));
  }

  @Test
  void linesAreCopied() {
    var lines = new java.util.ArrayList<>(List.of("a"));
    SmtpReply r = SmtpReply.of(250, "2.0.0", lines);
    lines.add("b");
    assertThat(r.lines()).containsExactly("a");
  }
}
