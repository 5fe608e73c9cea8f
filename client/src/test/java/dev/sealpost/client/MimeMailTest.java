package dev.sealpost.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MimeMailTest {

  private static String content(Mail mail) throws IOException {
    return new String(mail.content().open().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void bccGoesToTheEnvelopeOnly() throws IOException {
    Mail mail = MimeMail.builder().from("a@example.test").to("b@example.test").cc("c@example.test")
        .bcc("hidden@example.test").subject("s").text("t").build();
    assertThat(mail.envelope().recipients()).extracting(r -> r.mailbox().toString())
        .containsExactly("b@example.test", "c@example.test", "hidden@example.test");
    assertThat(mail.envelope().reversePath().toString()).isEqualTo("<a@example.test>");
    assertThat(content(mail)).doesNotContain("hidden").contains("Cc: c@example.test");
  }

  @Test
  void reversePathCanDifferFromFrom() {
    Mail mail = MimeMail.builder().from("a@example.test").reversePath("bounces@example.test").to("b@example.test")
        .build();
    assertThat(mail.envelope().reversePath().toString()).isEqualTo("<bounces@example.test>");
  }

  @Test
  void nonAsciiDisplayNameIsEncoded() throws IOException {
    Mail mail = MimeMail.builder().from("J\u00f6rg <j@example.test>").to("b@example.test").text("x").build();
    assertThat(content(mail)).contains("From: =?UTF-8?").doesNotContain("J\u00f6rg");
  }

  @Test
  void incompleteMessagesAreRefused() {
    assertThatThrownBy(() -> MimeMail.builder().to("b@example.test").build()).hasMessageContaining("From");
    assertThatThrownBy(() -> MimeMail.builder().from("a@example.test").build()).hasMessageContaining("recipient");
    assertThatThrownBy(() -> MimeMail.builder().from("not an address")).isInstanceOf(IllegalArgumentException.class);
  }
}
